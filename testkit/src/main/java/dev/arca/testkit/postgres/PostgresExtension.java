package dev.arca.testkit.postgres;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects a {@link PostgresServer} into test constructors, lifecycle methods and test methods.
 * One server serves the whole test JVM: it starts on first use and is kept in the root context's
 * store, which closes it when the test run ends. Give each test its own database
 * ({@link PostgresServer#createUniqueDatabase(String)}) to keep tests independent. A test that
 * stops the server must start its own with {@link PostgresServer#start()} instead.
 *
 * <pre>{@code
 * @ExtendWith(PostgresExtension.class)
 * class PostgresHistoryIT {
 *     @Test
 *     void roundTrips(PostgresServer postgres) { ... postgres.jdbcUrl(db) ... }
 * }
 * }</pre>
 */
public final class PostgresExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PostgresExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == PostgresServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return server(extensionContext);
    }

    /** The JVM-wide server, started on first call. */
    public static PostgresServer server(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(PostgresServer.class, key -> PostgresServer.start(), PostgresServer.class);
    }
}
