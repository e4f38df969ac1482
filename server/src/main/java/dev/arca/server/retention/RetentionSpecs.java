package dev.arca.server.retention;

import dev.arca.api.ArcaException;
import dev.arca.server.resources.RetentionSpec;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Schedule's {@link RetentionSpec} (the custom resource's YAML form) as a
 * {@link RetentionPolicy}: unset counts are 0 (rule off), an unset ttl is no ttl, and an unset
 * spec keeps everything. The garbage collector and {@code arca schedule retention-plan} both read
 * a schedule's retention through here, so they plan alike.
 */
public final class RetentionSpecs {
    /** The longest ttl taken: 100 years, as every other Arca duration. */
    public static final Duration LONGEST_TTL = Duration.ofDays(36_500);
    private static final Pattern PART = Pattern.compile("(\\d{1,12})([dhms])");

    private RetentionSpecs() {
    }

    /**
     * The policy {@code spec} describes, with periods cut in {@code zone} (the schedule's time zone).
     *
     * @param spec the Schedule's {@code spec.retention}; null keeps everything
     * @throws ArcaException.InvalidInput naming every bad field (a negative count, a malformed or
     *                                    non-positive ttl, no zone)
     */
    public static RetentionPolicy policy(RetentionSpec spec, ZoneId zone) {
        List<String> problems = problems(spec, zone);
        if (!problems.isEmpty()) {
            throw new ArcaException.InvalidInput("invalid retention: " + String.join("; ", problems)
                    + "; fix the schedule's spec.retention and apply it again");
        }
        if (spec == null) {
            return RetentionPolicy.keepEverything(zone);
        }
        return new RetentionPolicy(count(spec.getKeepLast()), count(spec.getHourly()), count(spec.getDaily()),
                count(spec.getWeekly()), count(spec.getMonthly()), count(spec.getYearly()),
                count(spec.getMinSuccessful()), spec.getTtl() == null ? null : ttl(spec.getTtl()), zone);
    }

    /** Every problem of {@code spec} at once (empty when it makes a policy), for a status condition or the CLI. */
    public static List<String> problems(RetentionSpec spec, ZoneId zone) {
        if (spec == null) {
            return RetentionPolicy.problems(0, 0, 0, 0, 0, 0, 0, null, zone);
        }
        List<String> problems = new ArrayList<>();
        Duration ttl = null;
        if (spec.getTtl() != null) {
            try {
                ttl = ttl(spec.getTtl());
            } catch (ArcaException.InvalidInput e) {
                problems.add(e.getMessage());
            }
        }
        problems.addAll(RetentionPolicy.problems(count(spec.getKeepLast()), count(spec.getHourly()),
                count(spec.getDaily()), count(spec.getWeekly()), count(spec.getMonthly()), count(spec.getYearly()),
                count(spec.getMinSuccessful()), ttl, zone));
        return List.copyOf(problems);
    }

    /**
     * Reads a retention ttl as the CRD's pattern writes it: whole numbers of days, hours, minutes
     * and seconds ({@code 720h}, {@code 30d}, {@code 1h30m}), at most {@link #LONGEST_TTL}.
     *
     * @throws ArcaException.InvalidInput for any other text
     */
    public static Duration ttl(String text) {
        String t = text == null ? "" : text.strip();
        Matcher m = PART.matcher(t);
        long seconds = 0;
        int end = 0;
        while (m.find() && m.start() == end) {
            seconds += Long.parseLong(m.group(1)) * unitSeconds(m.group(2));
            if (seconds > LONGEST_TTL.getSeconds()) {
                throw new ArcaException.InvalidInput("ttl \"" + text + "\" is longer than 100 years (36500d); give a shorter one");
            }
            end = m.end();
        }
        if (t.isEmpty() || end != t.length()) {
            throw new ArcaException.InvalidInput("ttl \"" + text + "\" is not a duration; write whole days, hours,"
                    + " minutes or seconds such as 720h, 30d or 1h30m");
        }
        return Duration.ofSeconds(seconds);
    }

    private static long unitSeconds(String unit) {
        return switch (unit) {
            case "d" -> 86_400;
            case "h" -> 3_600;
            case "m" -> 60;
            default -> 1;
        };
    }

    private static int count(Integer value) {
        return value == null ? 0 : value;
    }
}
