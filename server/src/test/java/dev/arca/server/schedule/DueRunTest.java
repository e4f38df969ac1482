package dev.arca.server.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.server.schedule.DueRun.Kind;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DueRunTest {

    private static final ScheduleTiming HOURLY = ScheduleTiming.of("@hourly", null);
    private static final Instant CREATED = Instant.parse("2026-12-01T10:20:00Z");

    private static Instant at(String utc) {
        return Instant.parse(utc);
    }

    @Test
    void beforeTheFirstRunItWaitsUntilTheNextScheduledTime() {
        DueRun due = DueRun.decide(HOURLY, CREATED, null, at("2026-12-01T10:59:59Z"), null);
        assertThat(due.kind()).isEqualTo(Kind.WAIT);
        assertThat(due.scheduledTime()).isNull();
        assertThat(due.lookAgainAt()).isEqualTo(at("2026-12-01T11:00:00Z"));
        assertThat(due.reason()).isEqualTo("next run at 2026-12-01T11:00:00Z");
    }

    @Test
    void onTimeItRunsTheScheduledTimeWithNothingCollapsed() {
        DueRun due = DueRun.decide(HOURLY, CREATED, null, at("2026-12-01T11:00:05Z"), 60L);
        assertThat(due.kind()).isEqualTo(Kind.RUN);
        assertThat(due.scheduledTime()).isEqualTo(at("2026-12-01T11:00:00Z"));
        assertThat(due.missedRuns()).isZero();
        assertThat(due.lookAgainAt()).isEqualTo(at("2026-12-01T12:00:00Z"));
        assertThat(due.reason()).isEqualTo("run scheduled for 2026-12-01T11:00:00Z");
    }

    @Test
    void afterItRanItWaitsForTheFollowingTime() {
        DueRun due = DueRun.decide(HOURLY, CREATED, at("2026-12-01T11:00:00Z"), at("2026-12-01T11:00:05Z"), null);
        assertThat(due.kind()).isEqualTo(Kind.WAIT);
        assertThat(due.lookAgainAt()).isEqualTo(at("2026-12-01T12:00:00Z"));
    }

    @Test
    void anOutageCollapsesIntoOneCatchUpRunForTheLatestMissedTime() {
        DueRun due = DueRun.decide(HOURLY, CREATED, at("2026-12-01T11:00:00Z"), at("2026-12-01T16:10:00Z"), null);
        assertThat(due.kind()).isEqualTo(Kind.RUN);
        assertThat(due.scheduledTime()).isEqualTo(at("2026-12-01T16:00:00Z"));
        assertThat(due.missedRuns()).as("12:00..15:00 collapsed into the 16:00 run").isEqualTo(4);
        assertThat(due.lookAgainAt()).isEqualTo(at("2026-12-01T17:00:00Z"));
        assertThat(due.reason()).isEqualTo("catch-up run for 2026-12-01T16:00:00Z, the latest of 5 missed run(s)");
        DueRun after = DueRun.decide(HOURLY, CREATED, due.scheduledTime(), at("2026-12-01T16:10:01Z"), null);
        assertThat(after.kind()).as("never a second queued run").isEqualTo(Kind.WAIT);
    }

    @Test
    void aCatchUpWithinTheStartingDeadlineRuns() {
        DueRun due = DueRun.decide(HOURLY, CREATED, at("2026-12-01T11:00:00Z"), at("2026-12-01T16:10:00Z"), 600L);
        assertThat(due.kind()).isEqualTo(Kind.RUN);
        assertThat(due.scheduledTime()).isEqualTo(at("2026-12-01T16:00:00Z"));
    }

    @Test
    void aCatchUpPastTheStartingDeadlineIsSkippedAndReportedWithTheCount() {
        DueRun due = DueRun.decide(HOURLY, CREATED, at("2026-12-01T11:00:00Z"), at("2026-12-01T16:10:01Z"), 600L);
        assertThat(due.kind()).isEqualTo(Kind.MISSED);
        assertThat(due.scheduledTime()).isEqualTo(at("2026-12-01T16:00:00Z"));
        assertThat(due.missedRuns()).isEqualTo(5);
        assertThat(due.lookAgainAt()).isEqualTo(at("2026-12-01T17:00:00Z"));
        assertThat(due.reason()).isEqualTo("missed 5 run(s), the latest at 2026-12-01T16:00:00Z is 601s late, past"
                + " the startingDeadlineSeconds of 600; next run at 2026-12-01T17:00:00Z");
        DueRun after = DueRun.decide(HOURLY, CREATED, due.scheduledTime(), at("2026-12-01T16:10:02Z"), 600L);
        assertThat(after.kind()).as("reported once").isEqualTo(Kind.WAIT);
    }

    @Test
    void aYearLongOutageCountsUpToTheCapAndStillCatchesUpOnce() {
        ScheduleTiming everyMinute = ScheduleTiming.of("* * * * *", "Europe/Paris");
        DueRun due = DueRun.decide(everyMinute, CREATED, null, at("2027-12-01T10:20:30Z"), null);
        assertThat(due.kind()).isEqualTo(Kind.RUN);
        assertThat(due.scheduledTime()).isEqualTo(at("2027-12-01T10:20:00Z"));
        assertThat(due.missedRuns()).isEqualTo(DueRun.MAX_COUNTED - 1);
        assertThat(due.reason()).endsWith("the latest of 1000 or more missed run(s)");
    }

    @Test
    void everyIsAnchoredAtTheLastRun() {
        ScheduleTiming every = ScheduleTiming.of("@every 90m", null);
        DueRun due = DueRun.decide(every, CREATED, at("2026-12-01T12:07:00Z"), at("2026-12-01T17:00:00Z"), null);
        assertThat(due.kind()).isEqualTo(Kind.RUN);
        assertThat(due.scheduledTime()).isEqualTo(at("2026-12-01T16:37:00Z"));
        assertThat(due.missedRuns()).isEqualTo(2);
        assertThat(due.lookAgainAt()).isEqualTo(at("2026-12-01T18:07:00Z"));
        DueRun first = DueRun.decide(every, CREATED, null, at("2026-12-01T11:49:00Z"), null);
        assertThat(first.kind()).isEqualTo(Kind.WAIT);
        assertThat(first.lookAgainAt()).as("90 min after creation").isEqualTo(at("2026-12-01T11:50:00Z"));
    }

    @Test
    void pausedDoesNothingAndNeedsNoWakeUp() {
        DueRun due = DueRun.paused();
        assertThat(due.kind()).isEqualTo(Kind.WAIT);
        assertThat(due.lookAgainAt()).isNull();
        assertThat(due.reason()).isEqualTo("the schedule is paused");
    }

    @Test
    void unpauseWithSkipImmediatelySkipsTheRunsMissedWhilePaused() {
        Instant last = at("2026-12-01T11:00:00Z");
        Instant unpaused = at("2026-12-01T15:20:00Z");
        Instant recorded = DueRun.lastScheduledOnUnpause(HOURLY, CREATED, last, unpaused, true);
        assertThat(recorded).isEqualTo(at("2026-12-01T15:00:00Z"));
        DueRun due = DueRun.decide(HOURLY, CREATED, recorded, unpaused, null);
        assertThat(due.kind()).isEqualTo(Kind.WAIT);
        assertThat(due.lookAgainAt()).isEqualTo(at("2026-12-01T16:00:00Z"));
    }

    @Test
    void unpauseWithoutSkipImmediatelyCatchesUpOnce() {
        Instant last = at("2026-12-01T11:00:00Z");
        Instant unpaused = at("2026-12-01T15:20:00Z");
        Instant recorded = DueRun.lastScheduledOnUnpause(HOURLY, CREATED, last, unpaused, false);
        assertThat(recorded).isEqualTo(last);
        DueRun due = DueRun.decide(HOURLY, CREATED, recorded, unpaused, null);
        assertThat(due.kind()).isEqualTo(Kind.RUN);
        assertThat(due.scheduledTime()).isEqualTo(at("2026-12-01T15:00:00Z"));
        assertThat(due.missedRuns()).isEqualTo(3);
    }

    @Test
    void unpauseWithSkipImmediatelyBeforeAnyRunWasMissedChangesNothing() {
        Instant recorded = DueRun.lastScheduledOnUnpause(HOURLY, CREATED, null, at("2026-12-01T10:50:00Z"), true);
        assertThat(recorded).isNull();
        assertThat(DueRun.decide(HOURLY, CREATED, recorded, at("2026-12-01T11:00:00Z"), null).kind()).isEqualTo(Kind.RUN);
    }

    @Test
    void anOutageOverTheSpringForwardNightCatchesUpTheThreeOClockRunOnce() {
        ScheduleTiming paris = ScheduleTiming.of("30 2 * * *", "Europe/Paris");
        DueRun due = DueRun.decide(paris, at("2026-01-01T00:00:00Z"), at("2026-03-27T01:30:00Z"), at("2026-03-29T01:05:00Z"), 600L);
        assertThat(due.kind()).isEqualTo(Kind.RUN);
        assertThat(due.scheduledTime()).as("02:30 did not exist: 03:00 CEST").isEqualTo(at("2026-03-29T01:00:00Z"));
        assertThat(due.missedRuns()).as("the 28th's run collapsed into it").isEqualTo(1);
        assertThat(BackupNames.forRun("nightly", due.scheduledTime())).isEqualTo("nightly-20260329010000");
        assertThat(due.lookAgainAt()).isEqualTo(at("2026-03-30T00:30:00Z"));
    }
}
