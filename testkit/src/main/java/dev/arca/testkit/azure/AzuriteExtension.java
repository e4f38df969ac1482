package dev.arca.testkit.azure;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects an {@link AzuriteServer} into test constructors, lifecycle methods and test methods.
 * One server serves the whole test JVM: it starts on first use (installing Azurite from npm the
 * first time on a machine) and is kept in the root context's store, which closes it (it is
 * {@link AutoCloseable}) when the test run ends. Give each test its own container to keep tests
 * independent.
 *
 * <pre>{@code
 * @ExtendWith(AzuriteExtension.class)
 * class AzureBlobObjectStoreIT {
 *     @Test
 *     void roundTrips(AzuriteServer azurite) { ... azurite.endpoint() ... }
 * }
 * }</pre>
 */
public final class AzuriteExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(AzuriteExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == AzuriteServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return server(extensionContext);
    }

    /** The JVM-wide server, started on first call. */
    public static AzuriteServer server(ExtensionContext context) {
        // JUnit 5.13+ closes AutoCloseable store values; Store.CloseableResource is deprecated since then
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(AzuriteServer.class, key -> AzuriteServer.start(), AzuriteServer.class);
    }
}
