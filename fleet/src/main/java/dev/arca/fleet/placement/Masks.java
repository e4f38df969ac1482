package dev.arca.fleet.placement;

import dev.arca.api.ArcaException;
import dev.arca.fleet.resources.Rollout;
import java.util.Comparator;
import java.util.List;

/**
 * What a rollout mask lets through. Each non-empty field narrows: {@code cells} keeps targets on a
 * listed cell, {@code clusters} keeps targets on a listed member (by name or {@code namespace/name});
 * both given means both must match. Then {@code percent} keeps ceil(n × percent / 100) of what is
 * left, the first by key. An absent or empty mask lets everything through.
 */
public final class Masks {
    private Masks() {
    }

    /**
     * @return the targets the mask lets through, sorted by {@link Placed#key()}
     * @throws ArcaException.InvalidInput when {@code percent} is outside 0..100
     */
    public static List<Placed> apply(Rollout.Mask mask, List<Placed> targets) {
        List<Placed> sorted = targets.stream().sorted(Comparator.comparing(Placed::key)).toList();
        if (mask == null) {
            return sorted;
        }
        List<Placed> kept = sorted.stream()
                .filter(p -> isEmpty(mask.cells) || (p.cell() != null && mask.cells.contains(p.cell())))
                .filter(p -> isEmpty(mask.clusters) || mask.clusters.contains(p.memberName())
                        || mask.clusters.contains(p.cluster()))
                .toList();
        if (mask.percent == null) {
            return kept;
        }
        if (mask.percent < 0 || mask.percent > 100) {
            throw new ArcaException.InvalidInput("rollout mask percent " + mask.percent
                    + " is outside 0..100; give a percentage of the targets between 0 and 100");
        }
        int n = (int) ((kept.size() * (long) mask.percent + 99) / 100);
        return kept.subList(0, n);
    }

    private static boolean isEmpty(List<String> values) {
        return values == null || values.isEmpty();
    }
}
