package dev.arca.fleet.store;

import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.Driver;

/** Opens connections to the store, making sure of the schema on first success. */
final class PostgresConnections {
    private final StoreUrl url;
    private final Driver driver = new Driver();
    private volatile boolean schemaReady;

    PostgresConnections(StoreUrl url) {
        this.url = url;
    }

    StoreUrl url() {
        return url;
    }

    /** A new connection in auto-commit mode; the caller closes it. */
    Connection open() throws SQLException {
        Connection connection = driver.connect(url.url(), url.connectionProperties());
        if (connection == null) {
            throw new SQLException("the PostgreSQL driver does not take the URL " + url.url(), "08001");
        }
        try {
            if (!schemaReady) {
                PostgresSchema.ensure(connection, url);
                schemaReady = true;
            }
            return connection;
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }
}
