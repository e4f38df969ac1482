package dev.arca.fleet.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Writes batches of history records to PostgreSQL: one JDBC batch insert per table, one
 * transaction per batch. Keeps one connection for the writer thread and opens a new one after
 * any failure. Data the database refuses (SQL states 22 and 23) is {@link BatchingWriter.Rejected
 * rejected}, so that one bad record cannot stall the writer.
 */
final class PostgresSink implements BatchingWriter.Sink, AutoCloseable {
    private static final String INSERT_PROPAGATION = "INSERT INTO " + PostgresSchema.PROPAGATION
            + " (at, binding, object, cluster, cell, template_hash, action) VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_STATUS = "INSERT INTO " + PostgresSchema.STATUS
            + " (at, binding, cluster, cell, applied, health, message, stale) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

    private final PostgresConnections connections;
    private Connection connection;

    PostgresSink(PostgresConnections connections) {
        this.connections = connections;
    }

    @Override
    public void write(List<Object> batch) throws Exception {
        Connection c = connection();
        try (PreparedStatement propagations = c.prepareStatement(INSERT_PROPAGATION);
             PreparedStatement statuses = c.prepareStatement(INSERT_STATUS)) {
            int propagationRows = 0;
            int statusRows = 0;
            for (Object record : batch) {
                if (record instanceof PropagationRecord r) {
                    bind(propagations, r);
                    propagationRows++;
                } else if (record instanceof StatusRecord r) {
                    bind(statuses, r);
                    statusRows++;
                }
            }
            if (propagationRows > 0) {
                propagations.executeBatch();
            }
            if (statusRows > 0) {
                statuses.executeBatch();
            }
            c.commit();
        } catch (SQLException e) {
            rollbackAndForget();
            // a batch failure's own message repeats the statement with its values; the cause is the next exception
            SQLException cause = e.getNextException() != null ? e.getNextException() : e;
            if (isDataError(e)) {
                throw new BatchingWriter.Rejected("the database refused the data (SQL state " + state(e) + "): "
                        + cause.getMessage(), e);
            }
            throw cause;
        }
    }

    @Override
    public void close() {
        rollbackAndForget();
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            Connection opened = connections.open();
            opened.setAutoCommit(false);
            connection = opened;
        }
        return connection;
    }

    private static void bind(PreparedStatement insert, PropagationRecord r) throws SQLException {
        insert.setObject(1, OffsetDateTime.ofInstant(r.at(), ZoneOffset.UTC));
        insert.setString(2, r.binding());
        insert.setString(3, r.object());
        insert.setString(4, r.cluster());
        insert.setString(5, r.cell());
        insert.setString(6, r.templateHash());
        insert.setString(7, r.action());
        insert.addBatch();
    }

    private static void bind(PreparedStatement insert, StatusRecord r) throws SQLException {
        insert.setObject(1, OffsetDateTime.ofInstant(r.at(), ZoneOffset.UTC));
        insert.setString(2, r.binding());
        insert.setString(3, r.cluster());
        insert.setString(4, r.cell());
        insert.setBoolean(5, r.applied());
        insert.setString(6, r.health());
        insert.setString(7, r.message());
        insert.setBoolean(8, r.stale());
        insert.addBatch();
    }

    private void rollbackAndForget() {
        if (connection == null) {
            return;
        }
        try (Connection c = connection) {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is gone or broken; a new one is opened for the next batch
        }
        connection = null;
    }

    static boolean isDataError(SQLException e) {
        String state = state(e);
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    private static String state(SQLException e) {
        for (SQLException current = e; current != null; current = current.getNextException()) {
            if (current.getSQLState() != null) {
                return current.getSQLState();
            }
        }
        return null;
    }
}
