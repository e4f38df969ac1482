package dev.arca.server.schedule;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Velero's {@code @every <duration>}: runs every {@code interval}, counted from the schedule's
 * last run (or its creation). The duration uses Go's syntax ({@code 1h}, {@code 90m},
 * {@code 1h30m}, {@code 1.5h}, units h m s ms us µs ns), is a whole number of seconds, at least
 * one second and at most 100 years.
 */
public record EveryExpression(String text, Duration interval) implements ScheduleExpression {

    /** The longest interval accepted: 100 years of 365.25 days. */
    public static final Duration MAX_INTERVAL = Duration.ofDays(36_525);

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");
    private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
            "ns", 1L, "us", 1_000L, "µs", 1_000L, "μs", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    public EveryExpression {
        if (interval.compareTo(Duration.ofSeconds(1)) < 0 || interval.compareTo(MAX_INTERVAL) > 0) {
            throw ScheduleExpression.invalid(text, "the @every interval must be between 1s and"
                    + " 100 years (876600h)");
        }
    }

    static EveryExpression parse(String text) {
        String rest = text.substring("@every".length());
        if (rest.isEmpty() || !Character.isWhitespace(rest.charAt(0)) || rest.isBlank()) {
            throw ScheduleExpression.invalid(text, "'@every' needs a duration after a space,"
                    + " like '@every 1h30m'");
        }
        return new EveryExpression(text, parseDuration(text, rest.trim()));
    }

    private static Duration parseDuration(String text, String duration) {
        Matcher m = PART.matcher(duration);
        BigDecimal nanos = BigDecimal.ZERO;
        int end = 0;
        while (m.lookingAt()) {
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(NANOS_PER_UNIT.get(m.group(2)))));
            end = m.end();
            m.region(end, duration.length());
        }
        if (end == 0 || end != duration.length()) {
            throw ScheduleExpression.invalid(text, "\"" + duration + "\" is not a duration: write"
                    + " numbers with units h, m, s (also ms, us, ns), like 1h, 90m or 1h30m");
        }
        BigInteger[] secondsAndNanos = nanos.toBigInteger().divideAndRemainder(BigInteger.valueOf(1_000_000_000L));
        if (nanos.signum() > 0 && (secondsAndNanos[1].signum() != 0 || nanos.stripTrailingZeros().scale() > 0)) {
            throw ScheduleExpression.invalid(text, "the @every interval \"" + duration
                    + "\" is not a whole number of seconds");
        }
        if (secondsAndNanos[0].compareTo(BigInteger.valueOf(MAX_INTERVAL.getSeconds())) > 0) {
            throw ScheduleExpression.invalid(text, "the @every interval must be between 1s and"
                    + " 100 years (876600h)");
        }
        return Duration.ofSeconds(secondsAndNanos[0].longValueExact());
    }
}
