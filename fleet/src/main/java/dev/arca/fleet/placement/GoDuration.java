package dev.arca.fleet.placement;

import dev.arca.api.ArcaException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go's duration text ("300ms", "1.5h", "2h45m", "0") as the fleet's resources write it; no sign. */
final class GoDuration {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");
    private static final Map<String, Long> NANOS = Map.of("ns", 1L, "us", 1_000L, "µs", 1_000L, "μs", 1_000L,
            "ms", 1_000_000L, "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    private GoDuration() {
    }

    static Duration parse(String text, Duration fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        String t = text.strip();
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = PART.matcher(t);
        BigDecimal nanos = BigDecimal.ZERO;
        int at = 0;
        while (at < t.length()) {
            if (!m.find(at) || m.start() != at) {
                throw bad(text);
            }
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(NANOS.get(m.group(2)))));
            at = m.end();
        }
        try {
            return Duration.ofNanos(nanos.setScale(0, RoundingMode.DOWN).longValueExact());
        } catch (ArithmeticException e) {
            throw bad(text);
        }
    }

    private static ArcaException.InvalidInput bad(String text) {
        return new ArcaException.InvalidInput("duration '" + text + "' is not a Go duration; write it like "
                + "'30s', '5m', '1h30m' or '500ms' (units h, m, s, ms, us, ns)");
    }
}
