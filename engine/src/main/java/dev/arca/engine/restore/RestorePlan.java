package dev.arca.engine.restore;

import java.util.List;
import java.util.Set;

/**
 * The order of a restore: tiers applied in sequence, items within a tier in parallel.
 *
 * @param tiers    resources (as {@code plural.group}) of each tier, in order
 * @param crdNames CRDs in the backup: their custom resources come last, after the CRDs are Established
 * @param services "namespace/name" of the Services in the backup (their Endpoints are skipped)
 */
public record RestorePlan(List<Set<String>> tiers, Set<String> crdNames, Set<String> services) {
    public RestorePlan {
        tiers = tiers.stream().map(Set::copyOf).toList();
        crdNames = Set.copyOf(crdNames);
        services = Set.copyOf(services);
    }
}
