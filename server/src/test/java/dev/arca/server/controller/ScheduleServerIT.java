package dev.arca.server.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arca.archive.LocationLayout;
import dev.arca.server.resources.Backup;
import dev.arca.server.resources.BackupPhase;
import dev.arca.server.resources.BackupResourceSpec;
import dev.arca.server.resources.Resources;
import dev.arca.server.resources.RetentionSpec;
import dev.arca.server.resources.Schedule;
import dev.arca.server.resources.SchedulePhase;
import dev.arca.server.resources.ScheduleSpec;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.fs.FilesystemObjectStore;
import dev.arca.testkit.kube.ControlPlaneExtension;
import dev.arca.testkit.kube.TestNamespace;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schedules in the server, time driven by a movable clock: one backup per due run, named by its
 * scheduled time; an outage's missed runs collapse into one; retention deletes what the policy no
 * longer keeps (resource and data); a paused schedule makes nothing and, unpaused with
 * skipImmediately, does not run at once; a bad schedule gets FailedValidation, a condition and one
 * Event, and no retry loop.
 */
@ExtendWith(ControlPlaneExtension.class)
class ScheduleServerIT {
    @TempDir
    Path dir;

    private Schedule schedule(ServerFixture s, String name, String cron, String zone, Integer keepLast, boolean paused,
                              String namespace) {
        ScheduleSpec spec = new ScheduleSpec();
        spec.setSchedule(cron);
        spec.setTimeZone(zone);
        spec.setPaused(paused ? Boolean.TRUE : null);
        spec.setSkipImmediately(paused ? Boolean.TRUE : null);
        BackupResourceSpec template = new BackupResourceSpec();
        template.setIncludedNamespaces(List.of(namespace));
        spec.setTemplate(template);
        if (keepLast != null) {
            RetentionSpec retention = new RetentionSpec();
            retention.setKeepLast(keepLast);
            spec.setRetention(retention);
        }
        Schedule schedule = new Schedule();
        schedule.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(s.namespace).build());
        schedule.setSpec(spec);
        return s.create(schedule);
    }

    private static List<Backup> backupsOf(ServerFixture s, String schedule) {
        return s.client.resources(Backup.class).inNamespace(s.namespace).withLabel(Resources.SCHEDULE_LABEL, schedule)
                .list().getItems().stream().filter(b -> b.getMetadata().getDeletionTimestamp() == null).toList();
    }

    private static Schedule get(ServerFixture s, String name) {
        return s.client.resources(Schedule.class).inNamespace(s.namespace).withName(name).get();
    }

    @Test
    void aScheduleBacksUpAtEachDueRunCatchesUpOnceAndKeepsOnlyWhatItsRetentionSays(KubernetesClient client, TestNamespace ns) {
        client.configMaps().inNamespace(ns.name()).resource(new ConfigMapBuilder().withNewMetadata().withName("app")
                .endMetadata().addToData("k", "v").build()).create();
        try (ServerFixture s = new ServerFixture(client, ns.name(), dir.resolve("state"), o -> o)) {
            s.filesystemLocation("main", dir.resolve("loc"), true);
            schedule(s, "nightly", "* * * * *", "Europe/Paris", 2, false, ns.name());
            await().atMost(ServerFixture.WAIT).until(() -> get(s, "nightly").getStatus() != null
                    && get(s, "nightly").getStatus().getNextRunTime() != null);
            assertThat(backupsOf(s, "nightly")).as("nothing runs before the first scheduled time").isEmpty();

            for (int run = 1; run <= 3; run++) {
                s.clock.advance(Duration.ofSeconds(61));
                int expected = run;
                await().atMost(ServerFixture.WAIT).until(() -> get(s, "nightly").getStatus().getLastBackup() != null
                        && s.get(get(s, "nightly").getStatus().getLastBackup()) != null
                        && backupsOf(s, "nightly").size() >= Math.min(expected, 2));
                String last = get(s, "nightly").getStatus().getLastBackup();
                assertThat(last).matches("nightly-\\d{14}");
                s.awaitPhase(last, BackupPhase.Completed);
            }
            await().atMost(ServerFixture.WAIT).until(() -> backupsOf(s, "nightly").size() == 2
                    && s.get(oldestName(s)) != null && dataIn(dir.resolve("loc")).size() == 2);
            assertThat(dataIn(dir.resolve("loc"))).containsExactlyInAnyOrderElementsOf(
                    backupsOf(s, "nightly").stream().map(b -> b.getMetadata().getName()).toList());
            await().atMost(ServerFixture.WAIT).until(() -> get(s, "nightly").getStatus().getLastSuccessfulBackup() != null);

            List<String> before = dataIn(dir.resolve("loc"));
            s.clock.advance(Duration.ofMinutes(10)); // an outage: ten runs missed
            await().atMost(ServerFixture.WAIT).until(() -> !before.contains(get(s, "nightly").getStatus().getLastBackup()));
            String catchUp = get(s, "nightly").getStatus().getLastBackup();
            s.awaitPhase(catchUp, BackupPhase.Completed);
            // what the last look saw, for the message (this wait timed out twice in session 21, not understood yet)
            java.util.concurrent.atomic.AtomicReference<String> seen = new java.util.concurrent.atomic.AtomicReference<>("nothing");
            try {
                await().during(Duration.ofSeconds(3)).atMost(ServerFixture.WAIT).until(() -> {
                    List<String> names = backupsOf(s, "nightly").stream().map(b -> b.getMetadata().getName()).sorted().toList();
                    seen.set("backups " + names + ", data " + dataIn(dir.resolve("loc")) + ", lastBackup " + catchUp);
                    return names.stream().filter(n -> !before.contains(n)).count() == 1;
                });
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("expected exactly one backup besides " + before + " after the catch-up; last seen: "
                        + seen.get(), e);
            }
            assertThat(s.eventReasons("nightly")).contains("BackupCreated", "Retention");
        }
    }

    private static String oldestName(ServerFixture s) {
        return backupsOf(s, "nightly").stream().map(b -> b.getMetadata().getName()).sorted().findFirst().orElse("none");
    }

    private static List<String> dataIn(Path location) {
        try (ObjectStore store = new FilesystemObjectStore(location)) {
            return LocationLayout.backupNames(store);
        }
    }

    @Test
    void aPausedScheduleMakesNothingAndUnpausedWithSkipImmediatelyWaitsForItsNextTime(KubernetesClient client, TestNamespace ns) {
        try (ServerFixture s = new ServerFixture(client, ns.name(), dir.resolve("state"), o -> o)) {
            s.filesystemLocation("main", dir.resolve("loc"), true);
            schedule(s, "hourly", "@hourly", null, null, true, ns.name());
            await().atMost(ServerFixture.WAIT).until(() -> get(s, "hourly").getStatus() != null
                    && get(s, "hourly").getStatus().getPhase() == SchedulePhase.Paused);
            s.clock.advance(Duration.ofHours(3));
            client.resources(Schedule.class).inNamespace(ns.name()).withName("hourly")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"paused\":false}}");
            await().atMost(ServerFixture.WAIT).until(() -> get(s, "hourly").getStatus().getPhase() == SchedulePhase.Enabled);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> backupsOf(s, "hourly").isEmpty());
            assertThat(java.time.Instant.parse(get(s, "hourly").getStatus().getNextRunTime())).isAfter(s.clock.instant());
            assertThat(s.eventReasons("hourly")).contains("Unpaused");

            s.clock.advance(Duration.ofMinutes(61));
            await().atMost(ServerFixture.WAIT).until(() -> backupsOf(s, "hourly").size() == 1);
        }
    }

    @Test
    void aBadScheduleGetsFailedValidationAConditionAndOneEventNotALoop(KubernetesClient client, TestNamespace ns) {
        try (ServerFixture s = new ServerFixture(client, ns.name(), dir.resolve("state"), o -> o)) {
            schedule(s, "broken", "61 * * * *", "Mars/Olympus_Mons", null, false, ns.name());
            await().atMost(ServerFixture.WAIT).until(() -> get(s, "broken").getStatus() != null
                    && get(s, "broken").getStatus().getPhase() == SchedulePhase.FailedValidation);
            Schedule broken = get(s, "broken");
            assertThat(broken.getStatus().getValidationErrors()).hasSize(2);
            assertThat(String.join("\n", broken.getStatus().getValidationErrors())).contains("61").contains("Mars/Olympus_Mons");
            assertThat(broken.getStatus().getConditions()).anySatisfy(c -> {
                assertThat(c.getType()).isEqualTo("Ready");
                assertThat(c.getStatus()).isEqualTo("False");
            });
            s.clock.advance(Duration.ofHours(2));
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10))
                    .until(() -> s.eventReasons("broken").stream().filter("FailedValidation"::equals).count() == 1);
            assertThat(backupsOf(s, "broken")).isEmpty();
        }
    }
}
