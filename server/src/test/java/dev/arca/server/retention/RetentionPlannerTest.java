package dev.arca.server.retention;

import static dev.arca.server.retention.RetentionPlan.Decision.DELETE;
import static dev.arca.server.retention.RetentionPlan.Decision.KEEP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import dev.arca.api.Phase;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetentionPlannerTest {
    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
    private final RetentionPlanner planner = new RetentionPlanner();

    private static BackupRecord backup(String name, String started, Phase phase) {
        return BackupRecord.of(name, "nightly", Instant.parse(started), phase);
    }

    private RetentionPlan plan(RetentionPolicy policy, List<BackupRecord> backups) {
        return planner.plan("nightly", policy, backups, NOW);
    }

    private static RetentionPolicy.Builder utc() {
        return RetentionPolicy.in(ZoneOffset.UTC);
    }

    @Test
    void keepLastKeepsTheNewestBackupsHoldingDataAndPartiallyFailedCounts() {
        RetentionPlan plan = plan(utc().keepLast(2).ttl(Duration.ofHours(1)).build(), List.of(
                backup("b1", "2026-12-01T02:00:00Z", Phase.Completed),
                backup("b2", "2026-12-02T02:00:00Z", Phase.Completed),
                backup("b3", "2026-12-03T02:00:00Z", Phase.PartiallyFailed),
                backup("b4", "2026-12-04T02:00:00Z", Phase.Failed)));

        assertThat(plan.entries()).extracting(e -> e.backup().name()).containsExactly("b4", "b3", "b2", "b1");
        assertThat(plan.entry("b4").decision()).isEqualTo(DELETE);
        assertThat(plan.entry("b4").reasons()).containsExactly("kept by no rule, older than ttl 1h");
        assertThat(plan.entry("b3").reasons()).containsExactly("keepLast 2");
        assertThat(plan.entry("b2").reasons()).containsExactly("keepLast 2");
        assertThat(plan.entry("b1").decision()).isEqualTo(DELETE);
        assertThat(plan.entry("b1").reasons()).containsExactly("kept by no count rule");
    }

    @Test
    void dailyKeepsTheNewestSuccessfulBackupOfEachOfTheNewestDaysHoldingOne() {
        List<BackupRecord> backups = new ArrayList<>();
        for (int day = 1; day <= 5; day++) {
            for (String hour : List.of("02", "10", "18")) {
                Phase phase = day == 3 ? Phase.PartiallyFailed : Phase.Completed;
                backups.add(backup("d" + day + "h" + hour, "2026-12-0" + day + "T" + hour + ":00:00Z", phase));
            }
        }
        backups.set(14, backup("d5h18", "2026-12-05T18:00:00Z", Phase.Failed));

        RetentionPlan plan = plan(utc().keep(GfsPeriod.DAILY, 3).build(), backups);

        // the day of partial failures fills no daily bucket; no count rule covers those backups and
        // no ttl is set, so they stay, and the plan says why
        assertThat(plan.toKeep()).extracting(BackupRecord::name)
                .containsExactly("d5h18", "d5h10", "d4h18", "d3h18", "d3h10", "d3h02", "d2h18");
        assertThat(plan.entry("d5h10").reasons()).containsExactly("daily 2026-12-05");
        assertThat(plan.entry("d4h18").reasons()).containsExactly("daily 2026-12-04");
        assertThat(plan.entry("d2h18").reasons()).containsExactly("daily 2026-12-02");
        assertThat(plan.entry("d5h18").reasons()).containsExactly("no count rule covers phase Failed and no ttl is set");
        assertThat(plan.entry("d3h18").reasons()).containsExactly("no count rule covers phase PartiallyFailed and no ttl is set");
        assertThat(plan.entry("d4h10").decision()).isEqualTo(DELETE);
        assertThat(plan.entry("d1h18").decision()).isEqualTo(DELETE);
    }

    @Test
    void aBackupKeptByManyRulesListsEveryRule() {
        RetentionPolicy policy = utc().keepLast(1).keep(GfsPeriod.HOURLY, 1).keep(GfsPeriod.DAILY, 1)
                .keep(GfsPeriod.WEEKLY, 2).keep(GfsPeriod.MONTHLY, 2).keep(GfsPeriod.YEARLY, 2).minSuccessful(1).build();
        RetentionPlan plan = plan(policy, List.of(
                backup("dec", "2026-12-04T02:00:00Z", Phase.Completed),
                backup("nov", "2026-11-20T02:00:00Z", Phase.Completed),
                backup("lastyear", "2025-06-01T02:00:00Z", Phase.Completed),
                backup("older", "2025-05-01T02:00:00Z", Phase.Completed)));

        assertThat(plan.entry("dec").reasons()).containsExactly("keepLast 1", "hourly 2026-12-04T02+00:00",
                "daily 2026-12-04", "weekly 2026-W49", "monthly 2026-12", "yearly 2026",
                "newest 1 successful (minSuccessful)");
        assertThat(plan.entry("nov").reasons()).containsExactly("weekly 2026-W47", "monthly 2026-11");
        assertThat(plan.entry("lastyear").reasons()).containsExactly("yearly 2025");
        assertThat(plan.entry("older").decision()).isEqualTo(DELETE);
    }

    @Test
    void minSuccessfulKeepsTheNewestSuccessfulBackupsWhateverTtlSays() {
        RetentionPlan plan = plan(utc().minSuccessful(2).ttl(Duration.ofHours(24)).build(), List.of(
                backup("c1", "2026-11-01T02:00:00Z", Phase.Completed),
                backup("c2", "2026-11-02T02:00:00Z", Phase.Completed),
                backup("c3", "2026-11-03T02:00:00Z", Phase.Completed),
                backup("p4", "2026-11-04T02:00:00Z", Phase.PartiallyFailed),
                backup("f5", "2026-11-05T02:00:00Z", Phase.Failed)));

        assertThat(plan.toKeep()).extracting(BackupRecord::name).containsExactly("c3", "c2");
        assertThat(plan.entry("c3").reasons()).containsExactly("newest 2 successful (minSuccessful)");
        assertThat(plan.toDelete()).extracting(BackupRecord::name).containsExactly("f5", "p4", "c1");
    }

    @Test
    void withoutCountRulesTtlAloneDecidesAndABackupExactlyTtlOldIsExpired() {
        RetentionPlan plan = plan(utc().ttl(Duration.ofHours(72)).build(), List.of(
                backup("young", "2026-12-03T12:00:01Z", Phase.Completed),
                backup("exact", "2026-12-02T12:00:00Z", Phase.Completed),
                backup("old", "2026-11-01T12:00:00Z", Phase.Completed)));

        assertThat(plan.entry("young").reasons()).containsExactly("ttl 72h not reached");
        assertThat(plan.entry("exact").decision()).isEqualTo(DELETE);
        assertThat(plan.entry("old").reasons()).containsExactly("kept by no rule, older than ttl 72h");
    }

    @Test
    void withCountRulesTtlOnlyDecidesBackupsNoCountRuleCovers() {
        RetentionPlan plan = plan(utc().keepLast(1).ttl(Duration.ofDays(30)).build(), List.of(
                backup("newest", "2026-12-05T02:00:00Z", Phase.Completed),
                backup("yesterday", "2026-12-04T02:00:00Z", Phase.Completed),
                backup("failed", "2026-12-03T02:00:00Z", Phase.Failed),
                backup("failedlong", "2026-10-01T02:00:00Z", Phase.Failed)));

        assertThat(plan.entry("yesterday").decision()).isEqualTo(DELETE);
        assertThat(plan.entry("yesterday").reasons()).containsExactly("kept by no count rule");
        assertThat(plan.entry("failed").reasons()).containsExactly("ttl 720h not reached");
        assertThat(plan.entry("failedlong").reasons()).containsExactly("kept by no rule, older than ttl 720h");
    }

    @Test
    void partiallyFailedIsCoveredOnlyByKeepLastSoUnderGfsAloneTtlDecidesIt() {
        RetentionPlan plan = plan(utc().keep(GfsPeriod.DAILY, 7).ttl(Duration.ofDays(2)).build(), List.of(
                backup("ok", "2026-12-05T02:00:00Z", Phase.Completed),
                backup("partial-young", "2026-12-04T02:00:00Z", Phase.PartiallyFailed),
                backup("partial-old", "2026-12-01T02:00:00Z", Phase.PartiallyFailed)));

        assertThat(plan.entry("partial-young").reasons()).containsExactly("ttl 48h not reached");
        assertThat(plan.entry("partial-old").decision()).isEqualTo(DELETE);
    }

    @Test
    void noCountRuleAndNoTtlKeepsEverythingAndThePlanSaysSo() {
        RetentionPlan plan = plan(RetentionPolicy.keepEverything(ZoneOffset.UTC), List.of(
                backup("a", "2020-01-01T00:00:00Z", Phase.Failed),
                backup("b", "2021-01-01T00:00:00Z", Phase.Completed)));

        assertThat(plan.toDelete()).isEmpty();
        assertThat(plan.entry("a").reasons()).containsExactly("no count rule and no ttl: the policy keeps everything");
        assertThat(plan.notes()).containsExactly("the policy keeps everything: no count rule and no ttl are set");
    }

    @Test
    void immutableLeasedAndInProgressBackupsAreNeverDeleted() {
        Instant old = Instant.parse("2026-01-01T00:00:00Z");
        RetentionPlan plan = plan(utc().ttl(Duration.ofHours(1)).build(), List.of(
                new BackupRecord("locked", "nightly", old, Phase.Completed, Instant.parse("2027-01-01T00:00:00Z"), false, false),
                new BackupRecord("unlocked", "nightly", old.plusSeconds(1), Phase.Completed, NOW, false, false),
                new BackupRecord("leased", "nightly", old.plusSeconds(2), Phase.Completed, null, true, false),
                new BackupRecord("flagged", "nightly", old.plusSeconds(3), Phase.Completed, null, false, true),
                new BackupRecord("running", "nightly", old.plusSeconds(4), Phase.InProgress, null, false, false),
                new BackupRecord("new", "nightly", old.plusSeconds(5), Phase.New, null, false, false)));

        assertThat(plan.entry("locked").reasons()).containsExactly("immutable until 2027-01-01T00:00:00Z");
        assertThat(plan.entry("unlocked").decision()).isEqualTo(DELETE);
        assertThat(plan.entry("leased").reasons()).containsExactly("leased by a restore");
        assertThat(plan.entry("flagged").reasons()).containsExactly("in progress");
        assertThat(plan.entry("running").reasons()).containsExactly("in progress");
        assertThat(plan.entry("new").reasons()).containsExactly("in progress");
    }

    @Test
    void aProtectionAddsToTheRulesThatKeepABackup() {
        RetentionPlan plan = plan(utc().keepLast(1).build(), List.of(
                new BackupRecord("b", "nightly", NOW.minusSeconds(60), Phase.Completed, null, true, false)));

        assertThat(plan.entry("b").decision()).isEqualTo(KEEP);
        assertThat(plan.entry("b").reasons()).containsExactly("keepLast 1", "leased by a restore");
    }

    @Test
    void backupsStartedAtTheSameInstantAreOrderedByNameAndTheGreaterNameIsNewer() {
        RetentionPlan plan = plan(utc().keepLast(1).keep(GfsPeriod.DAILY, 1).build(), List.of(
                backup("nightly-a", "2026-12-04T02:00:00Z", Phase.Completed),
                backup("nightly-c", "2026-12-04T02:00:00Z", Phase.Completed),
                backup("nightly-b", "2026-12-04T02:00:00Z", Phase.Completed)));

        assertThat(plan.entries()).extracting(e -> e.backup().name()).containsExactly("nightly-c", "nightly-b", "nightly-a");
        assertThat(plan.toKeep()).extracting(BackupRecord::name).containsExactly("nightly-c");
        assertThat(plan.entry("nightly-c").reasons()).containsExactly("keepLast 1", "daily 2026-12-04");
    }

    @Test
    void theDstDayInParisIsOneDailyBucket() {
        ZoneId paris = ZoneId.of("Europe/Paris");
        // 2026-10-25 in Paris runs from 2026-10-24T22:00Z to 2026-10-25T23:00Z (25 hours)
        RetentionPlan plan = plan(RetentionPolicy.in(paris).keep(GfsPeriod.DAILY, 2).build(), List.of(
                backup("sat-late", "2026-10-24T21:59:00Z", Phase.Completed),
                backup("sun-early", "2026-10-24T22:00:00Z", Phase.Completed),
                backup("sun-late", "2026-10-25T22:59:00Z", Phase.Completed)));

        assertThat(plan.entry("sun-late").reasons()).containsExactly("daily 2026-10-25");
        assertThat(plan.entry("sun-early").decision()).isEqualTo(DELETE);
        assertThat(plan.entry("sat-late").reasons()).containsExactly("daily 2026-10-24");
    }

    @Test
    void backupsOfOtherSchedulesAreLeftOutOfRulesAndPlan() {
        List<BackupRecord> backups = List.of(
                backup("mine-old", "2026-12-01T02:00:00Z", Phase.Completed),
                BackupRecord.of("other-new", "hourly", Instant.parse("2026-12-05T02:00:00Z"), Phase.Completed));

        RetentionPlan plan = plan(utc().keepLast(1).build(), backups);

        assertThat(plan.entries()).extracting(e -> e.backup().name()).containsExactly("mine-old");
        assertThat(plan.entry("mine-old").reasons()).containsExactly("keepLast 1");
        assertThat(plan.notes()).containsExactly("1 backup(s) of other schedules left out");
        assertThatThrownBy(() -> planner.plan(utc().keepLast(1).build(), backups, NOW))
                .isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("2 schedules [hourly, nightly]").hasMessageContaining("plan each schedule on its own");
    }

    @Test
    void aBackupListedTwiceIsRejectedNotPlannedTwice() {
        List<BackupRecord> backups = List.of(backup("dup", "2026-12-01T02:00:00Z", Phase.Completed),
                backup("dup", "2026-12-02T02:00:00Z", Phase.Completed));

        assertThatThrownBy(() -> plan(utc().keepLast(1).build(), backups))
                .isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessage("schedule nightly lists backup dup twice; a backup name must be unique in its location: "
                        + "list the location again");
    }
}
