package dev.arca.server.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What a schedule should do now, decided from time alone (the reconciler asks again at
 * {@link #lookAgainAt()}). Runs missed while the server was down or the schedule paused collapse
 * into one catch-up run for the latest missed time, as Kubernetes CronJobs do; never a queue.
 *
 * <p>{@code lastScheduled} is the scheduled time the schedule last handled, run or skipped: the
 * caller records {@link #scheduledTime()} after a {@link Kind#RUN} and after a
 * {@link Kind#MISSED}, so missed runs are reported once.
 *
 * @param kind what to do
 * @param scheduledTime the scheduled time to run (RUN) or the latest one missed (MISSED); null for WAIT
 * @param missedRuns how many scheduled times passed unrun: for RUN those it collapsed into this
 *     run (0 when on time), for MISSED all of them; at most {@link #MAX_COUNTED}
 * @param lookAgainAt the next scheduled time after now; null when paused
 * @param reason one sentence for a status condition or an Event
 */
public record DueRun(Kind kind, Instant scheduledTime, int missedRuns, Instant lookAgainAt, String reason) {

    /** Missed runs are counted up to this many ("1000 or more"). */
    public static final int MAX_COUNTED = 1000;

    public enum Kind { WAIT, RUN, MISSED }

    /**
     * Decides for an unpaused schedule.
     *
     * @param created when the schedule was created (the anchor before its first run)
     * @param lastScheduled the scheduled time it last handled, or null
     * @param startingDeadlineSeconds how late a run may still start, or null for no limit
     */
    public static DueRun decide(ScheduleTiming timing, Instant created, Instant lastScheduled, Instant now,
            Long startingDeadlineSeconds) {
        Instant anchor = lastScheduled != null && lastScheduled.isAfter(created) ? lastScheduled : created;
        Optional<Instant> latest = timing.latestRun(anchor, now);
        if (latest.isEmpty()) {
            Instant next = timing.nextRun(anchor, now);
            return new DueRun(Kind.WAIT, null, 0, next, "next run at " + next);
        }
        Instant scheduled = latest.get();
        int missed = countRuns(timing, anchor, scheduled);
        Instant next = timing.nextRun(scheduled, now);
        long lateSeconds = Duration.between(scheduled, now).getSeconds();
        if (startingDeadlineSeconds != null && lateSeconds > startingDeadlineSeconds) {
            return new DueRun(Kind.MISSED, scheduled, missed, next, "missed " + count(missed)
                    + " run(s), the latest at " + scheduled + " is " + lateSeconds + "s late, past the"
                    + " startingDeadlineSeconds of " + startingDeadlineSeconds + "; next run at " + next);
        }
        String reason = missed == 1 ? "run scheduled for " + scheduled
                : "catch-up run for " + scheduled + ", the latest of " + count(missed) + " missed run(s)";
        return new DueRun(Kind.RUN, scheduled, missed - 1, next, reason);
    }

    /** A paused schedule does nothing and needs no wake-up; unpausing it triggers a new decision. */
    public static DueRun paused() {
        return new DueRun(Kind.WAIT, null, 0, null, "the schedule is paused");
    }

    /**
     * The {@code lastScheduled} to record when a schedule is unpaused at {@code unpausedAt}: with
     * {@code skipImmediately} the times missed while paused count as handled (the next run is the
     * next future time); without it nothing changes and {@link #decide} catches up once.
     */
    public static Instant lastScheduledOnUnpause(ScheduleTiming timing, Instant created, Instant lastScheduled,
            Instant unpausedAt, boolean skipImmediately) {
        if (!skipImmediately) {
            return lastScheduled;
        }
        Instant anchor = lastScheduled != null && lastScheduled.isAfter(created) ? lastScheduled : created;
        return timing.latestRun(anchor, unpausedAt).orElse(lastScheduled);
    }

    /** How many runs fall in {@code (anchor, latest]}, counting up to {@link #MAX_COUNTED}. */
    private static int countRuns(ScheduleTiming timing, Instant anchor, Instant latest) {
        if (timing.expression() instanceof EveryExpression every) {
            long runs = Duration.between(anchor, latest).getSeconds() / every.interval().getSeconds();
            return (int) Math.min(runs, MAX_COUNTED);
        }
        int runs = 0;
        for (Instant t = anchor; runs < MAX_COUNTED; runs++) {
            t = timing.nextRun(t);
            if (t.isAfter(latest)) {
                break;
            }
        }
        return runs;
    }

    private static String count(int missed) {
        return missed >= MAX_COUNTED ? MAX_COUNTED + " or more" : String.valueOf(missed);
    }
}
