package dev.arca.fleet.placement;

import java.util.List;

/** Where an object goes (sorted by {@link Placed#key()}) and what the scheduler found worth saying about it. */
public record Decision(List<Placed> targets, List<String> warnings) {

    public Decision {
        targets = targets == null ? List.of() : List.copyOf(targets);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }
}
