package dev.arca.server.retention;

import dev.arca.api.ArcaException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A schedule's retention, as one object. Count rules: {@code keepLast} (the newest N backups that
 * hold data) and the GFS counts {@code hourly/daily/weekly/monthly/yearly} (the newest N periods
 * holding a successful backup each keep their newest successful backup). {@code minSuccessful}:
 * the newest N successful backups are never deleted, whatever else says. {@code ttl} (null for
 * none): when any count rule is set, counts decide and ttl only removes backups no count rule
 * covers (failed ones, partially failed ones when keepLast is 0); when no count rule is set, ttl
 * alone decides. Everything zero and no ttl keeps everything. Periods are cut in {@code zone}.
 * See docs/retention.md.
 */
public record RetentionPolicy(int keepLast, int hourly, int daily, int weekly, int monthly, int yearly,
                              int minSuccessful, Duration ttl, ZoneId zone) {

    public RetentionPolicy {
        List<String> problems = problems(keepLast, hourly, daily, weekly, monthly, yearly, minSuccessful, ttl, zone);
        if (!problems.isEmpty()) {
            throw new ArcaException.InvalidInput("invalid retention policy: " + String.join("; ", problems)
                    + "; fix the schedule's retention and apply it again");
        }
    }

    /**
     * Every problem of these values, empty when they make a policy. Lets a caller (the schedule
     * reconciler, the CLI) report all of them at once.
     */
    public static List<String> problems(int keepLast, int hourly, int daily, int weekly, int monthly,
                                        int yearly, int minSuccessful, Duration ttl, ZoneId zone) {
        List<String> problems = new ArrayList<>();
        negative(problems, "keepLast", keepLast);
        negative(problems, "hourly", hourly);
        negative(problems, "daily", daily);
        negative(problems, "weekly", weekly);
        negative(problems, "monthly", monthly);
        negative(problems, "yearly", yearly);
        negative(problems, "minSuccessful", minSuccessful);
        if (ttl != null && (ttl.isZero() || ttl.isNegative())) {
            problems.add("ttl is " + ttl + ": it must be positive (leave it unset for no ttl)");
        }
        if (zone == null) {
            problems.add("time zone is missing: set one (e.g. UTC or Europe/Paris) to cut days, weeks, months and years");
        }
        return problems;
    }

    private static void negative(List<String> problems, String field, int value) {
        if (value < 0) {
            problems.add(field + " is " + value + ": a count must be 0 (rule off) or more");
        }
    }

    /** Keeps everything: every count zero, no ttl. */
    public static RetentionPolicy keepEverything(ZoneId zone) {
        return new RetentionPolicy(0, 0, 0, 0, 0, 0, 0, null, zone);
    }

    /** Starts a policy that keeps everything in {@code zone}; set rules with the builder. */
    public static Builder in(ZoneId zone) {
        return new Builder(zone);
    }

    /** The GFS counts that are set (above 0), in period order. */
    public Map<GfsPeriod, Integer> gfs() {
        Map<GfsPeriod, Integer> counts = new EnumMap<>(GfsPeriod.class);
        int[] values = {hourly, daily, weekly, monthly, yearly};
        for (GfsPeriod period : GfsPeriod.values()) {
            if (values[period.ordinal()] > 0) {
                counts.put(period, values[period.ordinal()]);
            }
        }
        return counts;
    }

    /** Any of keepLast and the GFS counts is set: counts decide, ttl is only a fallback. */
    public boolean hasCountRule() {
        return keepLast > 0 || !gfs().isEmpty();
    }

    /** No count rule and no ttl: nothing is ever deleted (minSuccessful alone deletes nothing). */
    public boolean keepsEverything() {
        return !hasCountRule() && ttl == null;
    }

    /** Builds a {@link RetentionPolicy}; every rule starts off. */
    public static final class Builder {
        private final ZoneId zone;
        private int keepLast;
        private final int[] gfs = new int[GfsPeriod.values().length];
        private int minSuccessful;
        private Duration ttl;

        private Builder(ZoneId zone) {
            this.zone = zone;
        }

        public Builder keepLast(int n) {
            keepLast = n;
            return this;
        }

        public Builder keep(GfsPeriod period, int n) {
            gfs[period.ordinal()] = n;
            return this;
        }

        public Builder minSuccessful(int n) {
            minSuccessful = n;
            return this;
        }

        public Builder ttl(Duration value) {
            ttl = value;
            return this;
        }

        public RetentionPolicy build() {
            return new RetentionPolicy(keepLast, gfs[0], gfs[1], gfs[2], gfs[3], gfs[4], minSuccessful, ttl, zone);
        }
    }
}
