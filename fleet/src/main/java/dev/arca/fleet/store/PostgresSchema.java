package dev.arca.fleet.store;

import dev.arca.api.ArcaException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The fleet history's tables. {@link #ensure} is idempotent and safe for several hubs at once
 * (an advisory lock serialises them): it creates what is missing and records the schema version
 * in {@code fleet_schema_version}; a database written by a newer hub is refused.
 */
final class PostgresSchema {
    static final int VERSION = 1;
    static final String PROPAGATION = "fleet_propagation";
    static final String STATUS = "fleet_member_status";
    private static final long LOCK_KEY = 0x41524341_464c5431L; // "ARCAFLT1"
    private static final List<String> DDL = List.of(
            "CREATE TABLE IF NOT EXISTS fleet_schema_version (component text PRIMARY KEY, version integer NOT NULL, "
                    + "applied_at timestamptz NOT NULL DEFAULT now())",
            "INSERT INTO fleet_schema_version (component, version) VALUES ('fleet-history', " + VERSION + ") "
                    + "ON CONFLICT (component) DO NOTHING",
            "CREATE TABLE IF NOT EXISTS " + PROPAGATION + " (id bigserial PRIMARY KEY, at timestamptz NOT NULL, "
                    + "binding text NOT NULL, object text NOT NULL, cluster text NOT NULL, cell text, "
                    + "template_hash text, action text NOT NULL)",
            "CREATE INDEX IF NOT EXISTS " + PROPAGATION + "_binding_at ON " + PROPAGATION + " (binding, at)",
            "CREATE TABLE IF NOT EXISTS " + STATUS + " (id bigserial PRIMARY KEY, at timestamptz NOT NULL, "
                    + "binding text NOT NULL, cluster text NOT NULL, cell text, applied boolean NOT NULL, health text, "
                    + "message text, stale boolean NOT NULL)",
            "CREATE INDEX IF NOT EXISTS " + STATUS + "_binding_at ON " + STATUS + " (binding, at)");

    private PostgresSchema() {
    }

    /** Creates the tables and indexes if absent, in one transaction; leaves the connection's auto-commit as it was. */
    static void ensure(Connection connection, StoreUrl url) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")");
            for (String ddl : DDL) {
                statement.execute(ddl);
            }
            int version = version(statement);
            connection.commit();
            if (version > VERSION) {
                throw new ArcaException.InvalidInput("the fleet store " + url + " has history schema version " + version
                        + ", newer than this hub's " + VERSION + "; upgrade the hub or point it at another database");
            }
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static int version(Statement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery(
                "SELECT version FROM fleet_schema_version WHERE component = 'fleet-history'")) {
            return rows.next() ? rows.getInt(1) : VERSION;
        }
    }
}
