package dev.arca.server.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import dev.arca.api.Phase;
import dev.arca.server.resources.Backup;
import dev.arca.server.resources.BackupPhase;
import dev.arca.server.resources.BackupResourceSpec;
import dev.arca.server.resources.BackupStatus;
import dev.arca.server.resources.Resources;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackupResourcesTest {
    private static final String CREATED = "2026-12-01T02:00:05Z";

    private static Backup backup(String name, String scheduleLabel, BackupPhase phase, String started) {
        Backup backup = new Backup();
        ObjectMetaBuilder meta = new ObjectMetaBuilder().withName(name).withCreationTimestamp(CREATED);
        if (scheduleLabel != null) {
            meta.addToLabels(Resources.SCHEDULE_LABEL, scheduleLabel);
        }
        backup.setMetadata(meta.build());
        backup.setSpec(new BackupResourceSpec());
        if (phase != null || started != null) {
            BackupStatus status = new BackupStatus();
            status.setPhase(phase);
            status.setStartTimestamp(started);
            backup.setStatus(status);
        }
        return backup;
    }

    @Test
    void aBackupStartsAtItsStartTimestampOrElseAtItsCreation() {
        List<BackupRecord> records = BackupResources.records("nightly", List.of(
                backup("a", "nightly", BackupPhase.Completed, "2026-12-02T03:00:00+01:00"),
                backup("b", "nightly", null, null)));

        assertThat(records).containsExactly(
                new BackupRecord("a", "nightly", Instant.parse("2026-12-02T02:00:00Z"), Phase.Completed, null, false, false),
                new BackupRecord("b", "nightly", Instant.parse(CREATED), Phase.New, null, false, false));
    }

    @Test
    void phasesMapSoThatRunningIsKeptCancelledIsFailedAndDeletingIsLeftOut() {
        List<BackupRecord> records = BackupResources.records("nightly", List.of(
                backup("new", "nightly", BackupPhase.New, null),
                backup("running", "nightly", BackupPhase.InProgress, CREATED),
                backup("done", "nightly", BackupPhase.Completed, CREATED),
                backup("partial", "nightly", BackupPhase.PartiallyFailed, CREATED),
                backup("failed", "nightly", BackupPhase.Failed, CREATED),
                backup("cancelled", "nightly", BackupPhase.Cancelled, CREATED),
                backup("deleting", "nightly", BackupPhase.Deleting, CREATED)));

        assertThat(records).extracting(BackupRecord::name, BackupRecord::phase, BackupRecord::running).containsExactly(
                org.assertj.core.groups.Tuple.tuple("new", Phase.New, true),
                org.assertj.core.groups.Tuple.tuple("running", Phase.InProgress, true),
                org.assertj.core.groups.Tuple.tuple("done", Phase.Completed, false),
                org.assertj.core.groups.Tuple.tuple("partial", Phase.PartiallyFailed, false),
                org.assertj.core.groups.Tuple.tuple("failed", Phase.Failed, false),
                org.assertj.core.groups.Tuple.tuple("cancelled", Phase.Failed, false));
        assertThat(records).allSatisfy(r -> {
            assertThat(r.leased()).as("leases live in the location").isFalse();
            assertThat(r.immutableUntil()).as("immutability lives in the location").isNull();
        });
    }

    @Test
    void aBackupWithADeletionTimestampIsLeftOut() {
        Backup going = backup("going", "nightly", BackupPhase.Completed, CREATED);
        going.getMetadata().setDeletionTimestamp("2026-12-05T00:00:00Z");

        assertThat(BackupResources.records("nightly", List.of(going))).isEmpty();
    }

    @Test
    void onlyTheSchedulesOwnBackupsAreMappedByLabelOrElseBySpec() {
        Backup bySpec = backup("by-spec", null, BackupPhase.Completed, CREATED);
        bySpec.getSpec().setSchedule("nightly");
        Backup labelWins = backup("label-wins", "hourly", BackupPhase.Completed, CREATED);
        labelWins.getSpec().setSchedule("nightly");

        List<BackupRecord> records = BackupResources.records("nightly", List.of(bySpec, labelWins,
                backup("other", "hourly", BackupPhase.Completed, CREATED),
                backup("by-hand", null, BackupPhase.Completed, CREATED)));

        assertThat(records).extracting(BackupRecord::name).containsExactly("by-spec");
        assertThat(BackupResources.scheduleOf(labelWins)).isEqualTo("hourly");
    }

    @Test
    void aStartTimestampThatIsNoTimeFailsNamingTheBackupAndTheField() {
        assertThatThrownBy(() -> BackupResources.records("nightly",
                List.of(backup("odd", "nightly", BackupPhase.Completed, "yesterday"))))
                .isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageStartingWith("backup odd has status.startTimestamp \"yesterday\", which is not an RFC 3339 time");
    }

    @Test
    void aBackupWithNoTimeAtAllFailsNamingIt() {
        Backup timeless = backup("timeless", "nightly", BackupPhase.Completed, null);
        timeless.getMetadata().setCreationTimestamp(null);

        assertThatThrownBy(() -> BackupResources.records("nightly", List.of(timeless)))
                .isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageStartingWith("backup timeless has neither status.startTimestamp nor metadata.creationTimestamp");
    }

    @Test
    void theRecordsPlanAsTheSchedulesPolicySays() {
        List<BackupRecord> records = BackupResources.records("nightly", List.of(
                backup("old", "nightly", BackupPhase.Completed, "2026-12-01T02:00:00Z"),
                backup("new", "nightly", BackupPhase.Completed, "2026-12-02T02:00:00Z"),
                backup("running", "nightly", BackupPhase.InProgress, "2026-12-03T02:00:00Z")));

        RetentionPlan plan = new RetentionPlanner().plan("nightly",
                RetentionPolicy.in(ZoneOffset.UTC).keepLast(1).build(), records, Instant.parse("2026-12-03T03:00:00Z"));

        assertThat(plan.toDelete()).extracting(BackupRecord::name).containsExactly("old");
        assertThat(plan.entry("running").reasons()).contains("in progress");
    }
}
