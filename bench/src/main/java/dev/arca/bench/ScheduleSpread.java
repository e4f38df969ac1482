package dev.arca.bench;

import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Daily cron expressions for the idle server's Schedules, spread over the day but none due in the
 * next {@code quietMinutes}: schedule {@code i} of {@code n} runs at {@code now + quiet + i * (1440 - quiet) / n}
 * minutes, wrapped to the day, UTC.
 */
final class ScheduleSpread {
    private static final int DAY = 24 * 60;

    private ScheduleSpread() {
    }

    /** {@code "M H * * *"} for each of {@code n} schedules. */
    static List<String> crons(int n, LocalTime nowUtc, int quietMinutes) {
        if (quietMinutes < 0 || quietMinutes >= DAY) {
            throw new IllegalArgumentException("the quiet window must be 0..1439 minutes, got " + quietMinutes);
        }
        int now = nowUtc.getHour() * 60 + nowUtc.getMinute() + 1; // the current minute may be due already
        List<String> crons = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int minute = (now + quietMinutes + (int) ((long) i * (DAY - quietMinutes - 1) / Math.max(1, n))) % DAY;
            crons.add((minute % 60) + " " + (minute / 60) + " * * *");
        }
        return crons;
    }
}
