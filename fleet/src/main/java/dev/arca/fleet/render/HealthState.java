package dev.arca.fleet.render;

import dev.arca.api.ArcaException;
import java.util.Set;

/**
 * The health of one object on a member.
 *
 * @param health  {@code Healthy}, {@code Progressing}, {@code Unhealthy} or {@code Unknown}
 * @param message why, for a person: {@code 1/3 available}, {@code container app: ImagePullBackOff}; empty when healthy
 */
public record HealthState(String health, String message) {
    public static final String HEALTHY = "Healthy";
    public static final String PROGRESSING = "Progressing";
    public static final String UNHEALTHY = "Unhealthy";
    public static final String UNKNOWN = "Unknown";
    private static final Set<String> VALUES = Set.of(HEALTHY, PROGRESSING, UNHEALTHY, UNKNOWN);

    public HealthState {
        if (!VALUES.contains(health)) {
            throw new ArcaException.InvalidInput("health \"" + health + "\" is not one of " + VALUES);
        }
        message = message == null ? "" : message;
    }

    static HealthState healthy() {
        return new HealthState(HEALTHY, "");
    }

    static HealthState progressing(String message) {
        return new HealthState(PROGRESSING, message);
    }

    static HealthState unhealthy(String message) {
        return new HealthState(UNHEALTHY, message);
    }

    public boolean isHealthy() {
        return HEALTHY.equals(health);
    }
}
