package dev.arca.server.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.api.Phase;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetentionPlanTableTest {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

    private static BackupRecord backup(String name, String started, Phase phase) {
        return BackupRecord.of(name, "nightly", Instant.parse(started), phase);
    }

    @Test
    void rendersOneAlignedRowPerBackupNewestFirstWithEveryReasonAndASummary() {
        RetentionPolicy policy = RetentionPolicy.in(PARIS).keepLast(1).keep(GfsPeriod.DAILY, 2)
                .minSuccessful(1).ttl(Duration.ofDays(30)).build();
        RetentionPlan plan = new RetentionPlanner().plan("nightly", policy, List.of(
                backup("nightly-20261203020000", "2026-12-03T01:00:00Z", Phase.Completed),
                backup("nightly-20261204020000", "2026-12-04T01:00:00Z", Phase.Completed),
                backup("nightly-20261204140000", "2026-12-04T13:00:00Z", Phase.Failed),
                new BackupRecord("nightly-20261205020000", "nightly", Instant.parse("2026-12-05T01:00:00Z"),
                        Phase.PartiallyFailed, null, true, false),
                backup("nightly-20261101020000", "2026-11-01T01:00:00Z", Phase.Failed)), NOW);

        assertThat(RetentionPlanTable.render(plan, PARIS)).isEqualTo("""
                NAME                    STARTED                    PHASE            DECISION  WHY
                nightly-20261205020000  2026-12-05 02:00:00+01:00  PartiallyFailed  KEEP      keepLast 1; leased by a restore
                nightly-20261204140000  2026-12-04 14:00:00+01:00  Failed           KEEP      ttl 720h not reached
                nightly-20261204020000  2026-12-04 02:00:00+01:00  Completed        KEEP      daily 2026-12-04; newest 1 successful (minSuccessful)
                nightly-20261203020000  2026-12-03 02:00:00+01:00  Completed        KEEP      daily 2026-12-03
                nightly-20261101020000  2026-11-01 02:00:00+01:00  Failed           DELETE    kept by no rule, older than ttl 720h
                schedule nightly: 5 backup(s), keep 4, delete 1
                """);
    }

    @Test
    void aPolicyThatKeepsEverythingSaysSoUnderTheTable() {
        RetentionPlan plan = new RetentionPlanner().plan("nightly", RetentionPolicy.keepEverything(ZoneOffset.UTC),
                List.of(backup("a", "2026-12-01T00:00:00Z", Phase.Completed)), NOW);

        assertThat(RetentionPlanTable.render(plan, ZoneOffset.UTC)).isEqualTo("""
                NAME  STARTED                    PHASE      DECISION  WHY
                a     2026-12-01 00:00:00+00:00  Completed  KEEP      no count rule and no ttl: the policy keeps everything
                note: the policy keeps everything: no count rule and no ttl are set
                schedule nightly: 1 backup(s), keep 1, delete 0
                """);
    }
}
