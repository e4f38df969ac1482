package dev.arca.engine;

import dev.arca.api.ArcaException;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.function.Supplier;

/** Turns failures to reach the API server into errors that say which cluster and what to check. */
public final class ClusterAccess {
    private ClusterAccess() {
    }

    /**
     * A client for the kubeconfig's context: {@code kubeconfig} null means the usual lookup
     * ({@code KUBECONFIG}, then {@code ~/.kube/config}), {@code context} null its current context.
     * Connections fail fast (a dead cluster is reported in seconds) and allow {@code parallelism}
     * requests at once.
     */
    public static KubernetesClient connect(Path kubeconfig, String context, int parallelism) {
        Config config;
        if (kubeconfig != null) {
            if (!Files.isReadable(kubeconfig)) {
                throw new ArcaException.InvalidInput("kubeconfig " + kubeconfig + " cannot be read; check --kubeconfig");
            }
            config = Config.fromKubeconfig(context, kubeconfig.toFile());
        } else {
            config = Config.autoConfigure(context);
        }
        if (context != null && config.getCurrentContext() != null && !context.equals(config.getCurrentContext().getName())) {
            throw new ArcaException.InvalidInput("context \"" + context + "\" is not in the kubeconfig; run 'kubectl config get-contexts'");
        }
        config.setConnectionTimeout(5_000);
        config.setRequestRetryBackoffLimit(1);
        config.setMaxConcurrentRequests(Math.max(64, parallelism * 2));
        config.setMaxConcurrentRequestsPerHost(Math.max(16, parallelism * 2));
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** The server's version; fails fast with a clear error when the cluster cannot be reached. */
    public static String version(KubernetesClient client) {
        return call(client, () -> client.getKubernetesVersion().getGitVersion());
    }

    /** Runs a call whose failure means the whole run cannot go on. */
    public static <T> T call(KubernetesClient client, Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            throw translate(client, e);
        }
    }

    public static ArcaException translate(KubernetesClient client, KubernetesClientException e) {
        String url = String.valueOf(client.getMasterUrl());
        if (e.getCode() == 401 || e.getCode() == 403) {
            return new ArcaException.InvalidInput("the Kubernetes API at " + url + " refused the credentials (HTTP "
                    + e.getCode() + "); check the kubeconfig user and its permissions");
        }
        if (e.getCode() <= 0) { // no HTTP answer at all: refused, timed out, TLS failure
            Throwable root = e;
            for (Throwable t = e; t != null; t = t.getCause()) {
                root = t;
                if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException
                        || t instanceof javax.net.ssl.SSLException || t instanceof java.net.http.HttpTimeoutException) {
                    break;
                }
            }
            return new ArcaException("cannot reach the Kubernetes API at " + url + " (" + root.getClass().getSimpleName()
                    + (root.getMessage() == null ? "" : ": " + root.getMessage())
                    + "); check --kubeconfig / --context and that the cluster is running", e);
        }
        return new ArcaException("the Kubernetes API at " + url + " answered HTTP " + e.getCode() + ": "
                + (e.getStatus() != null ? e.getStatus().getMessage() : e.getMessage()), e);
    }
}
