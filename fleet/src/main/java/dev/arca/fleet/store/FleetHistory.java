package dev.arca.fleet.store;

import dev.arca.api.ArcaException;
import java.util.List;
import java.util.Map;

/**
 * Where the hub keeps the status history of its bindings and the audit log of its propagations.
 *
 * <p>Contract: {@link #propagated} and {@link #memberStatus} never block on the store and never
 * throw because the store is slow or down; a store that cannot keep up drops records and counts
 * them. Reads return the newest records first and may lag the writes by a batch. {@link #close()}
 * flushes what it can within a bounded time.
 */
public interface FleetHistory extends AutoCloseable {

    /** Records what the hub did with one object on one member (enqueued; written later). */
    void propagated(PropagationRecord r);

    /** Records one observation of a binding's object on one member (enqueued; written later). */
    void memberStatus(StatusRecord r);

    /** The binding's audit log, newest first, at most {@code limit} records. */
    List<PropagationRecord> audit(String binding, int limit);

    /** The binding's status history, newest first, at most {@code limit} records. */
    List<StatusRecord> statusHistory(String binding, int limit);

    /** Records dropped so far because the store could not keep up or rejected them. */
    default long dropped() {
        return 0;
    }

    /** Flushes pending writes (bounded in time) and releases the store. */
    @Override
    void close();

    /** A history that keeps nothing: writes are ignored, reads are empty. The hub's default. */
    static FleetHistory none() {
        return NoHistory.INSTANCE;
    }

    /**
     * Opens the store behind {@code jdbcUrl}. {@code jdbc:postgresql://HOST[:PORT]/DATABASE[?...]}
     * opens a {@link PostgresHistory}; user and password come from the URL's {@code user} and
     * {@code password} parameters, else from {@code PGUSER} and {@code PGPASSWORD} in {@code env}.
     *
     * @throws ArcaException.InvalidInput for any other scheme, naming it
     */
    static FleetHistory open(String jdbcUrl, Map<String, String> env) {
        return PostgresHistory.open(StoreUrl.parse(jdbcUrl, env));
    }
}
