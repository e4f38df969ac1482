package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code arca schedule create} and {@code arca import velero} decide before they talk to a
 * cluster: the kubeconfig points at a server that never answers, so any request would fail with
 * exit 1 instead of the exit 2 of invalid input.
 */
class ScheduleCliTest {
    @TempDir
    Path home;

    private Cli deadCluster() throws Exception {
        Path kubeconfig = Files.writeString(home.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: dead, cluster: {server: "https://127.0.0.1:1", insecure-skip-tls-verify: true}}]
                users: [{name: u, user: {token: t}}]
                contexts: [{name: dead, context: {cluster: dead, user: u}}]
                current-context: dead
                """);
        return new Cli(home, kubeconfig);
    }

    @Test
    void everyProblemOfAScheduleIsReportedAtOnceBeforeTheClusterIsAsked() throws Exception {
        Cli.Result r = deadCluster().run("schedule", "create", "Nightly_1", "--schedule", "@every 0s", "--time-zone", "Mars/Olympus",
                "--starting-deadline", "2h", "--keep-weekly", "-4", "--min-successful", "-1");

        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).startsWith("error: schedule \"Nightly_1\" not created: ")
                .contains("Nightly_1").contains("@every 0s").contains("unknown time zone \"Mars/Olympus\"")
                .contains("retention weekly is -4").contains("retention minSuccessful is -1")
                .doesNotContain("127.0.0.1");
        assertThat(r.err().lines().count()).as("one error line, no stack trace").isEqualTo(1);
    }

    @Test
    void aMalformedDurationNamesItsFlag() throws Exception {
        Cli arca = deadCluster();
        assertThat(arca.run("schedule", "create", "a", "--schedule", "@daily", "--starting-deadline", "soon").err())
                .contains("--starting-deadline \"soon\" is not a valid duration");
        assertThat(arca.run("schedule", "create", "a", "--schedule", "@daily", "--ttl", "1y").err())
                .contains("--ttl \"1y\" is not a valid duration");
        Cli.Result retention = arca.run("schedule", "create", "a", "--schedule", "@daily", "--retention-ttl", "0s");
        assertThat(retention.code()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(retention.err()).contains("retention ttl is PT0S: it must be positive");
    }

    @Test
    void aValidScheduleGetsAsFarAsTheClusterAndSaysWhyItStopped() throws Exception {
        Cli.Result r = deadCluster().run("schedule", "create", "nightly", "--schedule", "0 2 * * *", "--keep-daily", "7");

        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.FAILED);
        assertThat(r.err()).startsWith("error: ").doesNotEndWith("null\n");
    }

    @Test
    void importVeleroNeedsNoClusterToPrintAndFailsWithExitTwoOnADocumentItCannotConvert() throws Exception {
        Path file = Files.writeString(home.resolve("v.yaml"), VeleroSamples.SCHEDULE + "---\n" + VeleroSamples.NOT_VELERO);
        Cli arca = deadCluster();

        Cli.Result json = arca.run("import", "velero", "-f", Files.writeString(home.resolve("ok.yaml"), VeleroSamples.SCHEDULE).toString(),
                "-o", "json");
        assertThat(json.code()).as(json.toString()).isZero();
        assertThat(json.out()).contains("\"kind\":\"List\"").contains("\"kind\":\"Schedule\"").contains("\"timeZone\":\"Europe/Paris\"");

        Cli.Result mixed = arca.run("import", "velero", "-f", file.toString());
        assertThat(mixed.code()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(mixed.err()).contains("problem: document 2 (ConfigMap \"settings\")");

        Cli.Result missing = arca.run("import", "velero", "-f", home.resolve("nope.yaml").toString());
        assertThat(missing.code()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(missing.err()).contains("cannot read " + home.resolve("nope.yaml"));
    }
}
