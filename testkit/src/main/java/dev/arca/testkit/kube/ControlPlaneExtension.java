package dev.arca.testkit.kube;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JUnit 5 extension that gives {@code *IT} tests a real control plane:
 * {@code @ExtendWith(ControlPlaneExtension.class)}, then declare parameters of these types.
 *
 * <ul>
 *   <li>{@link LocalControlPlane}: one per test JVM, started on first use and stopped when the
 *       test run ends (it lives in the root context's store, which closes it). A test class
 *       annotated {@link WithNode} gets the JVM's one cluster with a node instead, a second
 *       cluster started just as lazily.
 *   <li>{@link KubernetesClient}: that control plane's shared cluster-admin client; do not
 *       close it.
 *   <li>{@link TestNamespace}: a fresh namespace per test method, created (with its
 *       {@code default} ServiceAccount) before the method runs and deleted after it,
 *       best-effort and without waiting. Resolved for a constructor or a {@code @BeforeAll}
 *       method it is shared by the class; all parameters of one method get the same one.
 * </ul>
 *
 * <p>If the control plane cannot start, every test that asks for it fails with the same error
 * (for example that the binaries are not installed); the start is not retried per test.
 */
public final class ControlPlaneExtension implements ParameterResolver, BeforeAllCallback {

    private static final Logger LOG = LoggerFactory.getLogger(ControlPlaneExtension.class);
    private static final ExtensionContext.Namespace STORE =
            ExtensionContext.Namespace.create(ControlPlaneExtension.class);
    private static final Set<Class<?>> SUPPORTED =
            Set.of(LocalControlPlane.class, KubernetesClient.class, TestNamespace.class);
    private static final long SERVICE_ACCOUNT_TIMEOUT_SECONDS = 60;
    private static final int NAME_ATTEMPTS = 3;
    private static final String NODE_KEY = "cluster-with-node";

    /**
     * Before a class annotated {@link OwnsNode}: stops the shared cluster with a node, if one runs,
     * so that the class can start its own (one node runs per machine). A later {@link WithNode}
     * class gets a fresh one.
     */
    @Override
    public void beforeAll(ExtensionContext context) {
        if (context.getRequiredTestClass().isAnnotationPresent(OwnsNode.class)) {
            SharedControlPlane shared = context.getRoot().getStore(STORE).remove(NODE_KEY, SharedControlPlane.class);
            if (shared != null) {
                LOG.info("stopping the shared cluster with a node for {}, which starts its own",
                        context.getRequiredTestClass().getSimpleName());
                shared.close();
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return SUPPORTED.contains(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        LocalControlPlane plane = controlPlane(context);
        if (type == LocalControlPlane.class) {
            return plane;
        }
        if (type == KubernetesClient.class) {
            return plane.client();
        }
        if (type == TestNamespace.class) {
            return context.getStore(STORE)
                    .getOrComputeIfAbsent(CreatedNamespace.class,
                            key -> CreatedNamespace.create(plane.client(), context.getUniqueId()),
                            CreatedNamespace.class)
                    .namespace();
        }
        throw new ParameterResolutionException("ControlPlaneExtension cannot resolve " + type.getName());
    }

    private static LocalControlPlane controlPlane(ExtensionContext context) {
        boolean node = context.getTestClass().map(ControlPlaneExtension::wantsNode).orElse(false);
        String key = node ? NODE_KEY : "control-plane";
        return context.getRoot().getStore(STORE)
                .getOrComputeIfAbsent(key, k -> new SharedControlPlane(node), SharedControlPlane.class)
                .get();
    }

    /** A class annotated {@link WithNode}, or nested in one. */
    private static boolean wantsNode(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            if (c.isAnnotationPresent(WithNode.class)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The JVM's one control plane, started at most once: a failed start is remembered and
     * rethrown rather than retried by every test. Closed by JUnit with the root store.
     */
    private static final class SharedControlPlane implements AutoCloseable {
        private final boolean node;
        private LocalControlPlane plane;
        private RuntimeException failure;

        SharedControlPlane(boolean node) {
            this.node = node;
        }

        synchronized LocalControlPlane get() {
            if (plane == null && failure == null) {
                try {
                    plane = node ? LocalControlPlane.startWithNode() : LocalControlPlane.start();
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
            if (failure != null) {
                throw new ParameterResolutionException(failure.getMessage(), failure);
            }
            return plane;
        }

        @Override
        public synchronized void close() {
            if (plane != null) {
                plane.close();
            }
        }
    }

    /** A namespace this extension created; closing it deletes it without waiting. */
    private record CreatedNamespace(KubernetesClient client, TestNamespace namespace) implements AutoCloseable {

        static CreatedNamespace create(KubernetesClient client, String testId) {
            for (int attempt = 1; ; attempt++) {
                TestNamespace namespace = TestNamespace.random();
                Namespace resource = new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(namespace.name())
                        .addToLabels("app.kubernetes.io/managed-by", "arca-testkit")
                        .addToAnnotations("testkit.arca.dev/test", testId)
                        .endMetadata()
                        .build();
                try {
                    client.namespaces().resource(resource).create();
                } catch (KubernetesClientException e) {
                    if (e.getCode() == HttpURLConnection.HTTP_CONFLICT && attempt < NAME_ATTEMPTS) {
                        continue;
                    }
                    throw new ParameterResolutionException("cannot create test namespace " + namespace, e);
                }
                awaitDefaultServiceAccount(client, namespace);
                return new CreatedNamespace(client, namespace);
            }
        }

        /** Pods are rejected until the controller-manager has created the namespace's default ServiceAccount. */
        private static void awaitDefaultServiceAccount(KubernetesClient client, TestNamespace namespace) {
            try {
                client.serviceAccounts().inNamespace(namespace.name()).withName("default")
                        .waitUntilCondition(Objects::nonNull, SERVICE_ACCOUNT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (KubernetesClientException e) {
                throw new ParameterResolutionException("namespace " + namespace + " got no default ServiceAccount within "
                        + SERVICE_ACCOUNT_TIMEOUT_SECONDS + " s; is kube-controller-manager running?", e);
            }
        }

        @Override
        public void close() {
            try {
                client.namespaces().withName(namespace.name()).delete();
            } catch (KubernetesClientException e) {
                LOG.warn("cannot delete test namespace {}: {}", namespace, e.getMessage());
            }
        }
    }
}
