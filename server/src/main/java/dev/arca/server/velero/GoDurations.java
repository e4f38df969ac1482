package dev.arca.server.velero;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Go duration as Velero writes it ({@code 720h0m0s}, {@code 1.5h}, {@code 90m}) and
 * rewrites it in Arca's duration form ({@code 720h}, {@code 90m}, {@code 45s}).
 */
final class GoDurations {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");
    private static final Map<String, BigDecimal> SECONDS_PER_UNIT = Map.of(
            "ns", new BigDecimal("1e-9"), "us", new BigDecimal("1e-6"), "µs", new BigDecimal("1e-6"),
            "μs", new BigDecimal("1e-6"), "ms", new BigDecimal("1e-3"), "s", BigDecimal.ONE,
            "m", BigDecimal.valueOf(60), "h", BigDecimal.valueOf(3600));

    private GoDurations() {
    }

    /**
     * The duration in Arca's form, in the largest unit that divides it.
     *
     * @param field the Velero field, for the message
     * @param text the Go duration
     * @throws ImportProblem when the text is no Go duration or not a positive whole number of seconds
     */
    static String toArca(String field, String text) {
        long seconds = seconds(field, text);
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }

    /** true for a zero Go duration ({@code 0}, {@code 0s}, {@code 0h0m0s}). */
    static boolean isZero(String text) {
        return text.matches("0|(0*\\.?0*(ns|us|µs|μs|ms|s|m|h))+");
    }

    private static long seconds(String field, String text) {
        String hint = field + " is '" + text + "'; write a Go duration of whole seconds, at least 1s,"
                + " like 720h0m0s or 90m";
        if (text.isEmpty()) {
            throw new ImportProblem(hint);
        }
        Matcher m = PART.matcher(text);
        BigDecimal total = BigDecimal.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            total = total.add(new BigDecimal(m.group(1).startsWith(".") ? "0" + m.group(1) : m.group(1))
                    .multiply(SECONDS_PER_UNIT.get(m.group(2))));
            end = m.end();
        }
        if (end != text.length() || total.signum() <= 0
                || total.setScale(0, RoundingMode.DOWN).compareTo(total) != 0) {
            throw new ImportProblem(hint);
        }
        return total.longValueExact();
    }
}
