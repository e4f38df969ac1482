package dev.arca.fleet.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One observation of a binding's object on one member: the status history's line.
 *
 * @param at      when the hub observed it; kept at microsecond precision (the database's)
 * @param binding the ResourceBinding, {@code namespace/name}
 * @param cluster the member cluster, {@code namespace/name}
 * @param cell    the member's cell, or null when it has none
 * @param applied whether the member's copy matches the current template
 * @param health  the health the hub derived (e.g. Healthy, Progressing, Degraded, Unknown), or null
 * @param message a short human-readable reason, or null; cut to {@link #MAX_MESSAGE} characters, NULs blanked
 * @param stale   whether the member has not reported within its sync period
 */
public record StatusRecord(Instant at, String binding, String cluster, String cell, boolean applied, String health,
                           String message, boolean stale) {
    /** The longest message kept; a longer one is cut and marked with an ellipsis. */
    public static final int MAX_MESSAGE = 2048;

    public StatusRecord {
        at = Objects.requireNonNull(at, "a status record needs its time 'at'").truncatedTo(ChronoUnit.MICROS);
        Texts.require(binding, "binding", PropagationRecord.MAX_REFERENCE);
        Texts.require(cluster, "cluster", PropagationRecord.MAX_REFERENCE);
        Texts.optional(cell, "cell", PropagationRecord.MAX_REFERENCE);
        Texts.optional(health, "health", PropagationRecord.MAX_REFERENCE);
        if (message != null) {
            message = message.replace('\0', ' ');
        }
        if (message != null && message.length() > MAX_MESSAGE) {
            message = message.substring(0, MAX_MESSAGE - 1) + "…";
        }
    }
}
