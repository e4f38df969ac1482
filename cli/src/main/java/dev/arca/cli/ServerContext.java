package dev.arca.cli;

import dev.arca.api.ArcaException;
import dev.arca.server.resources.Resources;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What the commands that work on Arca's custom resources in a cluster share (schedule, import
 * velero --apply): the environment, {@code --kubeconfig}/{@code --context}, and
 * {@code -n/--namespace} (default {@value Resources#DEFAULT_NAMESPACE}, where {@code arca install}
 * puts the server). It explains the API server's 404s: Arca not installed, namespace missing.
 */
abstract class ServerContext implements ArcaCommand.NeedsEnv {
    /** The field manager of everything the CLI writes to the API server. */
    static final String FIELD_MANAGER = "arca-cli";

    Map<String, String> env = Map.of();

    @Option(names = {"-n", "--namespace"}, defaultValue = Resources.DEFAULT_NAMESPACE,
            description = "The namespace of Arca's resources (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Mixin ClusterOptions cluster;

    @Override
    public void env(Map<String, String> env) {
        this.env = env;
    }

    KubernetesClient connect() {
        return cluster.connect(env, 4);
    }

    /**
     * Fails with "not installed" when the API server does not serve {@code kind}'s resources, which
     * is also why a get of one name finds nothing; does nothing when it serves them.
     */
    void requireInstalled(KubernetesClient client, Class<? extends CustomResource<?, ?>> kind, String plural) {
        try {
            client.resources(kind).inNamespace(namespace).list(new ListOptionsBuilder().withLimit(1L).build());
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                throw notInstalled(plural);
            }
            throw e;
        }
    }

    static ArcaException notInstalled(String plural) {
        return new ArcaException("Arca's custom resources are not installed in this cluster (the API server does not serve "
                + plural + "." + Resources.GROUP + "); run 'arca install' first, or pick another cluster with --context");
    }

    /**
     * An error for a 404 from writing an object of {@code plural} in the namespace: the resource
     * type is not installed, or the namespace does not exist.
     */
    ArcaException explainNotFound(KubernetesClient client, Class<? extends CustomResource<?, ?>> kind, String plural,
            KubernetesClientException e) {
        requireInstalled(client, kind, plural);
        if (client.namespaces().withName(namespace).get() == null) {
            return new ArcaException.InvalidInput("namespace \"" + namespace + "\" does not exist; create it"
                    + " ('kubectl create namespace " + namespace + "'), run 'arca install', or pass -n NAMESPACE");
        }
        return new ArcaException("the API server answered 404 for " + plural + " in namespace \"" + namespace + "\": "
                + statusMessage(e), e);
    }

    /** The API server's own message of an error, without fabric8's request line. */
    static String statusMessage(KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getMessage() != null) {
            return e.getStatus().getMessage();
        }
        return e.getMessage() == null ? "HTTP " + e.getCode() : e.getMessage();
    }
}
