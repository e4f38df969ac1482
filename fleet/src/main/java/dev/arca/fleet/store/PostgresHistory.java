package dev.arca.fleet.store;

import dev.arca.api.ArcaException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet history in PostgreSQL. Writes go through a {@link BatchingWriter} (a bounded queue
 * and one writer thread doing batch inserts), so the hub never waits for the database and never
 * sees its errors; reads query the database directly and fail with
 * {@link ArcaException.Transient} when it is unreachable.
 *
 * <p>Opening checks the database once: wrong credentials or a missing database fail fast with
 * {@link ArcaException.InvalidInput}; an unreachable server is only logged, and the writer keeps
 * retrying until it comes.
 */
public final class PostgresHistory implements FleetHistory {
    /** The most records one read returns. */
    public static final int MAX_LIMIT = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(PostgresHistory.class);

    private final PostgresConnections connections;
    private final PostgresSink sink;
    private final BatchingWriter writer;

    PostgresHistory(PostgresConnections connections, BatchingWriter.Options options, Clock clock) {
        this.connections = connections;
        this.sink = new PostgresSink(connections);
        this.writer = new BatchingWriter("fleet store " + connections.url(), this::writeBatch, options, clock);
    }

    /** Opens the store at {@code url} with the default queue (100,000 records, batches of 1,000, 5 s to flush on close). */
    static PostgresHistory open(StoreUrl url) {
        return open(url, BatchingWriter.Options.DEFAULT, Clock.systemUTC());
    }

    static PostgresHistory open(StoreUrl url, BatchingWriter.Options options, Clock clock) {
        PostgresConnections connections = new PostgresConnections(url);
        check(connections);
        return new PostgresHistory(connections, options, clock);
    }

    @Override
    public void propagated(PropagationRecord r) {
        writer.offer(r);
    }

    @Override
    public void memberStatus(StatusRecord r) {
        writer.offer(r);
    }

    @Override
    public List<PropagationRecord> audit(String binding, int limit) {
        String sql = "SELECT at, binding, object, cluster, cell, template_hash, action FROM " + PostgresSchema.PROPAGATION
                + " WHERE binding = ? ORDER BY at DESC, id DESC LIMIT ?";
        return query(sql, binding, limit, "audit log", rows -> new PropagationRecord(instant(rows), rows.getString(2),
                rows.getString(3), rows.getString(4), rows.getString(5), rows.getString(6), rows.getString(7)));
    }

    @Override
    public List<StatusRecord> statusHistory(String binding, int limit) {
        String sql = "SELECT at, binding, cluster, cell, applied, health, message, stale FROM " + PostgresSchema.STATUS
                + " WHERE binding = ? ORDER BY at DESC, id DESC LIMIT ?";
        return query(sql, binding, limit, "status history", rows -> new StatusRecord(instant(rows), rows.getString(2),
                rows.getString(3), rows.getString(4), rows.getBoolean(5), rows.getString(6), rows.getString(7),
                rows.getBoolean(8)));
    }

    /** Records dropped so far: the queue was full, the store rejected them, or they were unwritten at close. */
    @Override
    public long dropped() {
        return writer.dropped();
    }

    /** Records written to the database so far. */
    public long written() {
        return writer.written();
    }

    /** Stops taking records and writes what is queued, waiting at most the close timeout (5 s by default). */
    @Override
    public void close() {
        writer.close();
        synchronized (sink) {
            sink.close();
        }
    }

    @Override
    public String toString() {
        return "PostgreSQL fleet history at " + connections.url();
    }

    private void writeBatch(List<Object> batch) throws Exception {
        synchronized (sink) {
            sink.write(batch);
        }
    }

    private interface Row<T> {
        T read(ResultSet rows) throws SQLException;
    }

    private <T> List<T> query(String sql, String binding, int limit, String what, Row<T> row) {
        if (binding == null || binding.isBlank() || limit < 0 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("reading the " + what + " needs a binding and a limit from 0 to "
                    + MAX_LIMIT + ", not " + binding + " and " + limit);
        }
        List<T> result = new ArrayList<>();
        try (Connection connection = connections.open(); PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, binding);
            select.setInt(2, limit);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    result.add(row.read(rows));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new ArcaException.Transient("cannot read the " + what + " of binding " + binding + " from the fleet store "
                    + connections.url() + ": " + e.getMessage() + "; check that the database is up and retry", e);
        }
    }

    private static java.time.Instant instant(ResultSet rows) throws SQLException {
        return rows.getObject(1, OffsetDateTime.class).toInstant();
    }

    private static void check(PostgresConnections connections) {
        try (Connection ignored = connections.open()) {
            LOG.info("fleet history goes to {}", connections.url());
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            if (state.startsWith("28") || state.equals("3D000")) {
                throw new ArcaException.InvalidInput("cannot use the fleet store " + connections.url() + ": "
                        + e.getMessage() + "; check the user, password (PGUSER, PGPASSWORD) and database name", e);
            }
            LOG.warn("the fleet store {} is not reachable now ({}); history is queued and written once it is",
                    connections.url(), e.getMessage());
        }
    }
}
