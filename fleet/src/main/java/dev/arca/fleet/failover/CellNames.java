package dev.arca.fleet.failover;

import dev.arca.fleet.resources.Placement;
import dev.arca.fleet.resources.PolicySpec;
import java.util.ArrayList;
import java.util.List;

/** A policy's cell affinity with one cell swapped for another. */
final class CellNames {
    private CellNames() {
    }

    /**
     * Names {@code to} instead of {@code from}. A policy that names no cells (every cell) is given the
     * cells it is placed on now, without {@code from}: the other cells keep what they run.
     */
    static void replace(PolicySpec spec, List<String> current, String from, String to) {
        if (spec.placement.cellAffinity == null) {
            spec.placement.cellAffinity = new Placement.CellAffinity();
        }
        List<String> names = spec.placement.cellAffinity.cellNames == null || spec.placement.cellAffinity.cellNames.isEmpty()
                ? new ArrayList<>(current) : new ArrayList<>(spec.placement.cellAffinity.cellNames);
        names.remove(from);
        if (!names.contains(to)) {
            names.add(to);
        }
        spec.placement.cellAffinity.cellNames = names;
    }
}
