package dev.arca.bench;

/** Reads one sample out of the Prometheus text format that {@code arca server} serves on {@code /metrics}. */
final class PromText {
    private PromText() {
    }

    /**
     * The value of {@code metric} on the series whose labels include {@code label="value"} (any series
     * when {@code label} is null), summed when several match; NaN when none does.
     */
    static double value(String text, String metric, String label, String value) {
        double sum = 0;
        boolean found = false;
        String wanted = label == null ? null : label + "=\"" + value + "\"";
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || !line.startsWith(metric)) {
                continue;
            }
            String rest = line.substring(metric.length());
            String labels = "";
            if (rest.startsWith("{")) {
                int end = rest.indexOf('}');
                labels = rest.substring(1, end);
                rest = rest.substring(end + 1);
            } else if (!rest.startsWith(" ")) {
                continue; // a longer metric name that starts with this one
            }
            if (wanted != null && !labels.contains(wanted)) {
                continue;
            }
            String[] parts = rest.strip().split("\\s+");
            sum += Double.parseDouble(parts[0]);
            found = true;
        }
        return found ? sum : Double.NaN;
    }
}
