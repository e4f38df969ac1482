package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.server.resources.Backup;
import dev.arca.server.resources.BackupPhase;
import dev.arca.server.resources.BackupResourceSpec;
import dev.arca.server.resources.BackupStatus;
import dev.arca.server.resources.Crds;
import dev.arca.server.resources.Resources;
import dev.arca.server.resources.Schedule;
import dev.arca.server.resources.ScheduleConcurrencyPolicy;
import dev.arca.server.resources.SchedulePhase;
import dev.arca.server.resources.ScheduleStatus;
import dev.arca.testkit.kube.ControlPlaneExtension;
import dev.arca.testkit.kube.LocalControlPlane;
import dev.arca.testkit.kube.TestNamespace;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code arca schedule ...} against Schedule and Backup resources on the real local control plane. */
@ExtendWith(ControlPlaneExtension.class)
class ScheduleCliIT {
    @TempDir
    Path home;

    @BeforeAll
    static void installTheCrds(KubernetesClient client) {
        Crds.apply(client, "arca-test", Duration.ofSeconds(60));
    }

    private Schedule schedule(KubernetesClient client, TestNamespace ns, String name) {
        return client.resources(Schedule.class).inNamespace(ns.name()).withName(name).get();
    }

    @Test
    void createsGetsDescribesPausesUnpausesAndDeletesASchedule(LocalControlPlane cluster, KubernetesClient client, TestNamespace ns) {
        Cli arca = new Cli(home, cluster.kubeconfig());
        Cli.Result created = arca.run("schedule", "create", "nightly", "-n", ns.name(), "--schedule", "0 2 * * *",
                "--time-zone", "Europe/Paris", "--include-namespaces", "shop,web-*", "-l", "app=shop", "--storage-location", "bucket",
                "--ttl", "168h", "--keep-daily", "7", "--keep-weekly", "4", "--keep-last", "3", "--min-successful", "3",
                "--retention-ttl", "90d", "--skip-immediately", "--concurrency-policy", "Replace", "--starting-deadline", "1h",
                "--default-volumes-to-fs-backup");
        assertThat(created.code()).as(created.toString()).isZero();
        assertThat(created.out()).contains("schedule \"nightly\" created in namespace \"" + ns.name() + "\"");

        Schedule s = schedule(client, ns, "nightly");
        assertThat(s.getSpec().getSchedule()).isEqualTo("0 2 * * *");
        assertThat(s.getSpec().getTimeZone()).isEqualTo("Europe/Paris");
        assertThat(s.getSpec().getConcurrencyPolicy()).isEqualTo(ScheduleConcurrencyPolicy.Replace);
        assertThat(s.getSpec().getStartingDeadlineSeconds()).isEqualTo(3600L);
        assertThat(s.getSpec().getSkipImmediately()).isTrue();
        assertThat(s.getSpec().getPaused()).isNull();
        assertThat(s.getSpec().getTemplate().getIncludedNamespaces()).containsExactly("shop", "web-*");
        assertThat(s.getSpec().getTemplate().getLabelSelector()).isEqualTo("app=shop");
        assertThat(s.getSpec().getTemplate().getStorageLocation()).isEqualTo("bucket");
        assertThat(s.getSpec().getTemplate().getTtl()).isEqualTo("168h");
        assertThat(s.getSpec().getTemplate().getDefaultVolumesToFsBackup()).isTrue();
        assertThat(s.getSpec().getRetention().getDaily()).isEqualTo(7);
        assertThat(s.getSpec().getRetention().getWeekly()).isEqualTo(4);
        assertThat(s.getSpec().getRetention().getKeepLast()).isEqualTo(3);
        assertThat(s.getSpec().getRetention().getMinSuccessful()).isEqualTo(3);
        assertThat(s.getSpec().getRetention().getTtl()).isEqualTo("90d");
        assertThat(s.getSpec().getRetention().getHourly()).isNull();

        Cli.Result again = arca.run("schedule", "create", "nightly", "-n", ns.name(), "--schedule", "@hourly");
        assertThat(again.code()).as(again.toString()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(again.err()).contains("schedule \"nightly\" already exists in namespace \"" + ns.name() + "\"");
        assertThat(schedule(client, ns, "nightly").getSpec().getSchedule()).as("create-if-absent").isEqualTo("0 2 * * *");

        setStatus(client, s);
        Cli.Result get = arca.run("schedule", "get", "-n", ns.name());
        assertThat(get.code()).as(get.toString()).isZero();
        assertThat(get.out()).containsPattern("NAME\\s+SCHEDULE\\s+TIME ZONE\\s+PAUSED\\s+LAST BACKUP\\s+NEXT RUN\\s+AGE")
                .containsPattern("nightly\\s+0 2 \\* \\* \\*\\s+Europe/Paris\\s+false\\s+nightly-20261205010000\\s+"
                        + "2026-12-06 01:00:00 \\+0000 UTC\\s+\\d+m");
        assertThat(arca.run("schedule", "get", "nightly", "-n", ns.name(), "-o", "yaml").out())
                .contains("kind: \"Schedule\"").contains("schedule: \"0 2 * * *\"").contains("daily: 7");
        assertThat(arca.run("schedule", "get", "-n", ns.name(), "-o", "json").out()).contains("\"kind\":\"List\"");

        Cli.Result describe = arca.run("schedule", "describe", "nightly", "-n", ns.name());
        assertThat(describe.code()).as(describe.toString()).isZero();
        assertThat(describe.out()).contains("Schedule:           0 2 * * *", "Time zone:          Europe/Paris",
                "Concurrency policy: Replace", "Starting deadline:  1h (3600s)", "Namespaces:       included shop, web-*",
                "Label selector:   app=shop", "Location:         bucket", "TTL:              168h",
                "keepLast 3, daily 7, weekly 4, minSuccessful 3, ttl 90d", "Phase:              Enabled",
                "Last backup:        nightly-20261205010000", "Next run:           2026-12-06 01:00:00 +0000 UTC",
                "Ready=True (Scheduled): next run at 2026-12-06T01:00:00Z");

        assertThat(arca.run("schedule", "pause", "nightly", "-n", ns.name()).out()).contains("schedule \"nightly\" paused");
        assertThat(schedule(client, ns, "nightly").getSpec().getPaused()).isTrue();
        assertThat(schedule(client, ns, "nightly").getSpec().getRetention().getDaily()).as("a merge patch of spec.paused only").isEqualTo(7);
        assertThat(arca.run("schedule", "pause", "nightly", "-n", ns.name()).out()).contains("already paused");
        Cli.Result unpaused = arca.run("schedule", "unpause", "nightly", "-n", ns.name());
        assertThat(unpaused.out()).contains("schedule \"nightly\" unpaused; skipImmediately is set");
        assertThat(schedule(client, ns, "nightly").getSpec().getPaused()).isFalse();

        assertThat(arca.run("schedule", "delete", "nightly", "-n", ns.name()).code()).as("no terminal, no --confirm")
                .isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(arca.run("schedule", "delete", "nightly", "-n", ns.name(), "--confirm").out()).contains("schedule \"nightly\" deleted");
        assertThat(schedule(client, ns, "nightly")).isNull();
        Cli.Result gone = arca.run("schedule", "describe", "nightly", "-n", ns.name());
        assertThat(gone.code()).isEqualTo(ExitCode.FAILED);
        assertThat(gone.err()).contains("schedule \"nightly\" not found in namespace \"" + ns.name() + "\"; run 'arca schedule get -n ");
        assertThat(arca.run("schedule", "get", "-n", ns.name()).out()).contains("No resources found.");
    }

    private static void setStatus(KubernetesClient client, Schedule s) {
        ScheduleStatus status = new ScheduleStatus();
        status.setPhase(SchedulePhase.Enabled);
        status.setLastBackup("nightly-20261205010000");
        status.setNextRunTime("2026-12-06T01:00:00Z");
        status.setConditions(List.of(new ConditionBuilder().withType("Ready").withStatus("True").withReason("Scheduled")
                .withMessage("next run at 2026-12-06T01:00:00Z").withLastTransitionTime("2026-12-05T01:00:00Z").build()));
        Schedule current = client.resources(Schedule.class).inNamespace(s.getMetadata().getNamespace())
                .withName(s.getMetadata().getName()).get();
        current.setStatus(status);
        client.resources(Schedule.class).inNamespace(s.getMetadata().getNamespace()).resource(current).updateStatus();
    }

    @Test
    void badInputIsRefusedWithEveryProblemAndNothingIsCreated(LocalControlPlane cluster, KubernetesClient client, TestNamespace ns) {
        Cli arca = new Cli(home, cluster.kubeconfig());

        Cli.Result bad = arca.run("schedule", "create", "broken", "-n", ns.name(), "--schedule", "0 24 * * *",
                "--time-zone", "Europe/Pariss", "--keep-daily", "-1", "--retention-ttl", "7 days");

        assertThat(bad.code()).as(bad.toString()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(bad.err()).startsWith("error: schedule \"broken\" not created: ")
                .contains("invalid schedule \"0 24 * * *\": in the hour field, the value 24 is out of range 0-23")
                .contains("unknown time zone \"Europe/Pariss\": use an IANA zone name")
                .contains("retention daily is -1: a count must be 0 (rule off) or more")
                .contains("retention ttl \"7 days\" is not a duration");
        Cli.Result badTtl = arca.run("schedule", "create", "broken", "-n", ns.name(), "--schedule", "@daily", "--ttl", "forever");
        assertThat(badTtl.code()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(badTtl.err()).contains("--ttl \"forever\" is not a valid duration");
        Cli.Result badPolicy = arca.run("schedule", "create", "broken", "-n", ns.name(), "--schedule", "@daily",
                "--concurrency-policy", "Queue");
        assertThat(badPolicy.code()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(badPolicy.err()).contains("--concurrency-policy").contains("Forbid, Allow, Replace");
        assertThat(client.resources(Schedule.class).inNamespace(ns.name()).list().getItems()).as("nothing created").isEmpty();

        Cli.Result noNamespace = arca.run("schedule", "create", "ok", "-n", ns.name() + "-missing", "--schedule", "@daily");
        assertThat(noNamespace.code()).as(noNamespace.toString()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(noNamespace.err()).contains("namespace \"" + ns.name() + "-missing\" does not exist");
    }

    @Test
    void retentionPlanShowsWhatTheSchedulesPolicyKeepsAndDeletesOverItsBackupResources(LocalControlPlane cluster,
            KubernetesClient client, TestNamespace ns) {
        Cli arca = new Cli(home, cluster.kubeconfig());
        assertThat(arca.run("schedule", "create", "daily", "-n", ns.name(), "--schedule", "@daily", "--keep-last", "2",
                "--min-successful", "1", "--retention-ttl", "30d").code()).isZero();
        Instant now = Instant.now(); // relative times: the plan is made at the real now
        backup(client, ns, "daily-a-failed", "daily", BackupPhase.Failed, now.minus(Duration.ofDays(40)));
        backup(client, ns, "daily-b-completed", "daily", BackupPhase.Completed, now.minus(Duration.ofDays(3)));
        backup(client, ns, "daily-c-completed", "daily", BackupPhase.Completed, now.minus(Duration.ofDays(2)));
        backup(client, ns, "daily-d-partial", "daily", BackupPhase.PartiallyFailed, now.minus(Duration.ofDays(1)));
        backup(client, ns, "daily-e-running", "daily", BackupPhase.InProgress, now.minus(Duration.ofHours(1)));
        backup(client, ns, "daily-f-deleting", "daily", BackupPhase.Deleting, now.minus(Duration.ofDays(5)));
        backup(client, ns, "other-completed", "other", BackupPhase.Completed, now);

        Cli.Result plan = arca.run("schedule", "retention-plan", "daily", "-n", ns.name());

        assertThat(plan.code()).as(plan.toString()).isZero();
        assertThat(plan.out()).startsWith("NAME ")
                .containsPattern("daily-e-running\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\+00:00\\s+InProgress\\s+KEEP\\s+ttl 720h not reached; in progress\n")
                .containsPattern("daily-d-partial\\s+\\S+ \\S+\\s+PartiallyFailed\\s+KEEP\\s+keepLast 2\n")
                .containsPattern("daily-c-completed\\s+\\S+ \\S+\\s+Completed\\s+KEEP\\s+keepLast 2; newest 1 successful \\(minSuccessful\\)\n")
                .containsPattern("daily-b-completed\\s+\\S+ \\S+\\s+Completed\\s+DELETE\\s+kept by no count rule\n")
                .containsPattern("daily-a-failed\\s+\\S+ \\S+\\s+Failed\\s+DELETE\\s+kept by no rule, older than ttl 720h\n")
                .doesNotContain("daily-f-deleting").doesNotContain("other-")
                .endsWith("schedule daily: 5 backup(s), keep 3, delete 2\n");

        Cli.Result missing = arca.run("schedule", "retention-plan", "weekly", "-n", ns.name());
        assertThat(missing.code()).isEqualTo(ExitCode.FAILED);
        assertThat(missing.err()).contains("schedule \"weekly\" not found");
    }

    @Test
    void withoutArcasCrdsEveryCommandSaysToRunArcaInstall() throws Exception {
        try (LocalControlPlane bare = LocalControlPlane.start()) { // a cluster of its own: the shared one has the CRDs
            bare.client().namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                    .withNewMetadata().withName("arca").endMetadata().build()).create();
            Cli arca = new Cli(home, bare.kubeconfig());
            Path velero = java.nio.file.Files.writeString(home.resolve("v.yaml"), VeleroSamples.SCHEDULE);
            List<String[]> commands = List.of(
                    new String[] {"schedule", "create", "nightly", "--schedule", "@daily"},
                    new String[] {"schedule", "get"},
                    new String[] {"schedule", "describe", "nightly"},
                    new String[] {"schedule", "pause", "nightly"},
                    new String[] {"schedule", "delete", "nightly", "--confirm"},
                    new String[] {"schedule", "retention-plan", "nightly"},
                    new String[] {"import", "velero", "-f", velero.toString(), "--apply"});
            for (String[] command : commands) {
                Cli.Result r = arca.run(command);
                assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.FAILED);
                assertThat(r.err()).as(String.join(" ", command)).contains("error: Arca's custom resources are not installed in this"
                        + " cluster (the API server does not serve schedules.arca.dev); run 'arca install' first");
            }
        }
    }

    private static void backup(KubernetesClient client, TestNamespace ns, String name, String schedule, BackupPhase phase, Instant started) {
        Backup backup = new Backup();
        backup.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns.name())
                .addToLabels(Resources.SCHEDULE_LABEL, schedule).build());
        BackupResourceSpec spec = new BackupResourceSpec();
        spec.setSchedule(schedule);
        backup.setSpec(spec);
        Backup created = client.resources(Backup.class).inNamespace(ns.name()).resource(backup).create();
        BackupStatus status = new BackupStatus();
        status.setPhase(phase);
        status.setStartTimestamp(started.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        created.setStatus(status);
        client.resources(Backup.class).inNamespace(ns.name()).resource(created).updateStatus();
    }
}
