package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.server.resources.BackupLocation;
import dev.arca.server.resources.Crds;
import dev.arca.server.resources.Schedule;
import dev.arca.testkit.kube.ControlPlaneExtension;
import dev.arca.testkit.kube.LocalControlPlane;
import dev.arca.testkit.kube.TestNamespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code arca import velero}: the YAML and notes it prints, its exit code, and {@code --apply} on the real control plane. */
@ExtendWith(ControlPlaneExtension.class)
class VeleroImportCliIT {
    @TempDir
    Path home;

    @BeforeAll
    static void installTheCrds(KubernetesClient client) {
        Crds.apply(client, "arca-test", Duration.ofSeconds(60));
    }

    private Path file(String name, String... documents) throws Exception {
        return Files.writeString(home.resolve(name), String.join("---\n", documents));
    }

    @Test
    void printsTheArcaYamlOnStdoutAndTheNotesOnStderr(LocalControlPlane cluster) throws Exception {
        Cli.Result r = new Cli(home, cluster.kubeconfig()).run("import", "velero", "-f", file("v.yaml", VeleroSamples.SCHEDULE, VeleroSamples.LOCATION).toString(),
                "-o", "yaml");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("# converted from Velero Schedule/nightly", "kind: \"Schedule\"", "timeZone: \"Europe/Paris\"",
                "# converted from Velero BackupStorageLocation/primary", "kind: \"BackupLocation\"", "bucket: \"acme-backups\"");
        assertThat(r.out()).doesNotContain("problem:");
        assertThat(r.err()).contains("note: Schedule/nightly: ").contains("metadata.namespace velero dropped")
                .contains("note: BackupStorageLocation/primary: ");
    }

    @Test
    void aDocumentThatCannotBeConvertedIsAProblemOnStderrAndExitCodeTwoAndNothingIsApplied(LocalControlPlane cluster,
            KubernetesClient client, TestNamespace ns) throws Exception {
        Path mixed = file("mixed.yaml", VeleroSamples.SCHEDULE, VeleroSamples.NOT_VELERO);
        Cli arca = new Cli(home, cluster.kubeconfig());

        Cli.Result printed = arca.run("import", "velero", "-f", mixed.toString());
        assertThat(printed.code()).as(printed.toString()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(printed.out()).as("the convertible documents are still printed").contains("kind: \"Schedule\"");
        assertThat(printed.err()).contains("problem: document 2 (ConfigMap \"settings\"): kind ConfigMap of apiVersion 'v1' is not imported")
                .contains("error: 1 of the documents in " + mixed + " could not be converted");

        Cli.Result applied = arca.run("import", "velero", "-f", mixed.toString(), "--apply", "-n", ns.name());
        assertThat(applied.code()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(applied.err()).contains("nothing was applied");
        assertThat(client.resources(Schedule.class).inNamespace(ns.name()).list().getItems()).isEmpty();
    }

    @Test
    void applyServerSideAppliesTheConvertedObjectsIntoTheNamespace(LocalControlPlane cluster, KubernetesClient client,
            TestNamespace ns) throws Exception {
        Path velero = file("v.yaml", VeleroSamples.SCHEDULE, VeleroSamples.LOCATION);
        Cli arca = new Cli(home, cluster.kubeconfig());

        Cli.Result r = arca.run("import", "velero", "-f", velero.toString(), "--apply", "-n", ns.name());

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Schedule " + ns.name() + "/nightly applied", "BackupLocation " + ns.name() + "/primary applied")
                .doesNotContain("kind:");
        Schedule schedule = client.resources(Schedule.class).inNamespace(ns.name()).withName("nightly").get();
        assertThat(schedule.getSpec().getSchedule()).isEqualTo("0 2 * * *");
        assertThat(schedule.getSpec().getTimeZone()).isEqualTo("Europe/Paris");
        assertThat(schedule.getSpec().getPaused()).isTrue();
        assertThat(schedule.getSpec().getTemplate().getIncludedNamespaces()).containsExactly("shop");
        assertThat(client.resources(BackupLocation.class).inNamespace(ns.name()).withName("primary").get()).isNotNull();
        assertThat(arca.run("import", "velero", "-f", velero.toString(), "--apply", "-n", ns.name()).code())
                .as("applying again is idempotent").isZero();

        Cli.Result noNamespace = arca.run("import", "velero", "-f", velero.toString(), "--apply", "-n", ns.name() + "-missing");
        assertThat(noNamespace.code()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(noNamespace.err()).contains("namespace \"" + ns.name() + "-missing\" does not exist");
    }
}
