package dev.arca.cli.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.cli.ExitCode;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FleetImportCommandTest {
    static final String DEPLOYMENT = """
            apiVersion: types.kubefed.io/v1beta1
            kind: FederatedDeployment
            metadata: {name: web, namespace: shop}
            spec:
              template:
                spec:
                  replicas: 2
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec: {containers: [{name: web, image: nginx:1.25}]}
              placement: {clusters: [{name: east}, {name: west}]}
              overrides: [{clusterName: west, clusterOverrides: [{path: /spec/replicas, value: 4}]}]
            """;
    static final String CLUSTER = """
            apiVersion: core.kubefed.io/v1beta1
            kind: KubeFedCluster
            metadata: {name: east, namespace: kube-federation-system}
            spec: {apiEndpoint: "https://east:6443"}
            """;

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new FleetImportCommand());
        cli.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private Path file(String... docs) throws Exception {
        return Files.writeString(dir.resolve("kubefed.yaml"), String.join("---\n", docs));
    }

    @Test
    void printsTheConvertedObjectsAsYamlDocumentsAndAppliesNothing() throws Exception {
        Run r = run("kubefed", "-f", file(DEPLOYMENT).toString());

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out().split("(?m)^---$")).hasSize(4); // before the first marker, then three documents
        assertThat(r.out()).contains("kind: \"Deployment\"", "apiVersion: \"apps/v1\"", "kind: \"PropagationPolicy\"",
                "kind: \"OverridePolicy\"", "path: \"/spec/replicas\"", "- \"east\"");
        assertThat(r.out()).doesNotContain("applied");
    }

    @Test
    void aProblemGoesToStderrAndExitsTwoUnlessProblemsAreAllowed() throws Exception {
        Path f = file(DEPLOYMENT, CLUSTER);

        Run strict = run("kubefed", "-f", f.toString());
        assertThat(strict.code()).as(strict.toString()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(strict.err()).contains("problem: KubeFedCluster/kube-federation-system/east: member clusters are not imported;"
                + " join it with 'arca fleet join east --kubeconfig FILE'")
                .contains("error: 1 thing(s) in " + f + " could not be converted").contains("--allow-problems");
        assertThat(strict.out()).as("what was converted is still shown").contains("kind: \"Deployment\"");

        Run allowed = run("kubefed", "-f", f.toString(), "--allow-problems");
        assertThat(allowed.code()).as(allowed.toString()).isZero();
        assertThat(allowed.err()).contains("problem: KubeFedCluster/").doesNotContain("error:");
    }

    @Test
    void readsStandardInputAndExpandsAListAndPrintsJson() {
        String list = "apiVersion: v1\nkind: List\nitems:\n- " + DEPLOYMENT.strip().replace("\n", "\n  ") + "\n";
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new FleetImportCommand());
        ((FleetImportCommand.KubeFed) cli.getSubcommands().get("kubefed").getCommand()).stdin =
                new ByteArrayInputStream(list.getBytes(StandardCharsets.UTF_8));
        cli.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));

        int code = cli.execute("kubefed", "-f", "-", "-o", "json");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("\"kind\" : \"List\"").contains("\"kind\" : \"Deployment\"")
                .contains("\"kind\" : \"PropagationPolicy\"");
    }

    @Test
    void objectsWithoutANamespaceGoToTheOneGivenWithDashN() throws Exception {
        Run r = run("kubefed", "-f", file(DEPLOYMENT.replace(", namespace: shop", "")).toString(), "-n", "team-a");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("namespace: \"team-a\"").doesNotContain("namespace: \"shop\"");
    }

    @Test
    void anUnreadableFileSaysWhichAndHowToGiveOne() {
        Run r = run("kubefed", "-f", dir.resolve("missing.yaml").toString());

        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("cannot read " + dir.resolve("missing.yaml")).contains("give KubeFed YAML with -f FILE");
    }
}
