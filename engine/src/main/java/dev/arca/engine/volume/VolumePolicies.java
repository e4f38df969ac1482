package dev.arca.engine.volume;

import dev.arca.api.ArcaException;
import dev.arca.api.VolumePolicy;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.Optional;

/** Applies a {@link VolumePolicy} to one claim: the first rule whose conditions all hold decides. */
public final class VolumePolicies {
    private VolumePolicies() {
    }

    /**
     * @param storageClass the claim's storage class, or null
     * @param capacity     the claim's requested storage, or null when it asks for none
     * @return the deciding rule's action, or empty when no rule matches (the annotations decide)
     */
    public static Optional<VolumePolicy.Action> decide(VolumePolicy policy, String storageClass, Quantity capacity) {
        if (policy == null) {
            return Optional.empty();
        }
        for (VolumePolicy.Rule rule : policy.rules()) {
            boolean classMatches = rule.storageClasses().isEmpty() || rule.storageClasses().contains(storageClass);
            if (classMatches && capacityMatches(rule.capacity(), capacity)) {
                return Optional.of(rule.action());
            }
        }
        return Optional.empty();
    }

    static boolean capacityMatches(String range, Quantity capacity) {
        if (range == null) {
            return true;
        }
        if (capacity == null) {
            return false;
        }
        String[] bounds = range.split(",", -1);
        BigDecimal size = capacity.getNumericalAmount();
        BigDecimal min = bound(bounds[0], range);
        BigDecimal max = bound(bounds[1], range);
        return (min == null || size.compareTo(min) >= 0) && (max == null || size.compareTo(max) <= 0);
    }

    private static BigDecimal bound(String text, String range) {
        if (text.isBlank()) {
            return null;
        }
        try {
            return Quantity.parse(text.strip()).getNumericalAmount();
        } catch (IllegalArgumentException e) {
            throw new ArcaException.InvalidInput("volume policy capacity \"" + range + "\": \"" + text.strip()
                    + "\" is not a quantity such as 10Gi or 500M");
        }
    }
}
