package dev.arca.fleet.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Set;

/**
 * One line of the audit log: what the hub did with one propagated object on one member.
 *
 * <p>The fields are references and hashes the hub computed; a record never carries an object's
 * contents (no Secret data), which is why {@code object} is bounded in length.
 *
 * @param at           when the hub did it; kept at microsecond precision (the database's)
 * @param binding      the ResourceBinding, {@code namespace/name}
 * @param object       the hub object, e.g. {@code apps/v1/Deployment shop/web}
 * @param cluster      the member cluster, {@code namespace/name}
 * @param cell         the member's cell, or null when it has none
 * @param templateHash the hash of the rendered manifest, or null (deleted, orphaned)
 * @param action       one of {@link #ACTIONS}
 */
public record PropagationRecord(Instant at, String binding, String object, String cluster, String cell,
                                String templateHash, String action) {
    /** The actions the audit log knows. */
    public static final Set<String> ACTIONS = Set.of("created", "updated", "deleted", "orphaned", "orphan-cleaned");
    /** The longest object reference a record takes: a reference, not a manifest. */
    public static final int MAX_REFERENCE = 1024;

    public PropagationRecord {
        at = Objects.requireNonNull(at, "a propagation record needs its time 'at'").truncatedTo(ChronoUnit.MICROS);
        Texts.require(binding, "binding", MAX_REFERENCE);
        Texts.require(object, "object", MAX_REFERENCE);
        Texts.require(cluster, "cluster", MAX_REFERENCE);
        Texts.optional(cell, "cell", MAX_REFERENCE);
        Texts.optional(templateHash, "templateHash", MAX_REFERENCE);
        if (!ACTIONS.contains(action)) {
            throw new IllegalArgumentException("propagation action \"" + action + "\" of binding " + binding
                    + " is not one of " + ACTIONS.stream().sorted().toList());
        }
    }
}
