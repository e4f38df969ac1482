package dev.arca.fleet.placement;

/**
 * What a target last reported of an object: the template hash it holds and its health
 * ({@code Healthy}, {@code Progressing}, {@code Unhealthy} or {@code Unknown}).
 */
public record Observed(String templateHash, String health) {
    public static final String HEALTHY = "Healthy";
    public static final String PROGRESSING = "Progressing";
    public static final String UNHEALTHY = "Unhealthy";
    public static final String UNKNOWN = "Unknown";

    /** Holds {@code hash} and reports Healthy. */
    public boolean healthyAt(String hash) {
        return HEALTHY.equals(health) && hash != null && hash.equals(templateHash);
    }

    /** Holds {@code hash} and reports Unhealthy. */
    public boolean unhealthyAt(String hash) {
        return UNHEALTHY.equals(health) && hash != null && hash.equals(templateHash);
    }
}
