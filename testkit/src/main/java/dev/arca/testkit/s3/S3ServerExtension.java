package dev.arca.testkit.s3;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects an {@link S3Server} into test constructors, lifecycle methods and test methods. One
 * server serves the whole test JVM: it starts on first use and is kept in the root context's
 * store, which closes it (it is {@link AutoCloseable}) when the test run ends. Give each test its
 * own bucket ({@link S3Server#createUniqueBucket(String)}) to keep tests independent.
 *
 * <pre>{@code
 * @ExtendWith(S3ServerExtension.class)
 * class S3ObjectStoreIT {
 *     @Test
 *     void roundTrips(S3Server s3) { ... s3.endpoint() ... }
 * }
 * }</pre>
 */
public final class S3ServerExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(S3ServerExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == S3Server.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return server(extensionContext);
    }

    /** The JVM-wide server, started on first call. */
    public static S3Server server(ExtensionContext context) {
        // JUnit 5.13+ closes AutoCloseable store values; Store.CloseableResource is deprecated since then
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(S3Server.class, key -> S3Server.start(), S3Server.class);
    }
}
