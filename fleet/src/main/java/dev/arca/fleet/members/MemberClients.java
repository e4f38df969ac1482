package dev.arca.fleet.members;

import dev.arca.api.ArcaException;
import dev.arca.fleet.resources.MemberCluster;
import dev.arca.fleet.resources.MemberClusterSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Clients for Push-mode members, built from the credentials Secret each MemberCluster names (opened
 * with the fleet key) and cached per member and Secret resourceVersion: a re-join (a new Secret
 * version, looked at again at most every 30 s) builds a new client, the old one is closed. Clients fail fast (connect 3 s, request 10 s,
 * one retry) so a dead member never hangs a reconciler. Thread-safe.
 */
public final class MemberClients implements AutoCloseable {
    static final int CONNECT_TIMEOUT_MS = 3_000;
    static final int REQUEST_TIMEOUT_MS = 10_000;

    /** How long a cached client is used, by default, before its Secret's resourceVersion is looked at again. */
    public static final java.time.Duration RECHECK = java.time.Duration.ofSeconds(30);

    private record Cached(String secretName, String resourceVersion, KubernetesClient client, long checkedNanos) {
    }

    private final KubernetesClient hub;
    private final FleetKey key;
    private final Map<String, Cached> clients = new ConcurrentHashMap<>();

    private final long recheckNanos;

    public MemberClients(KubernetesClient hub, FleetKey key) {
        this(hub, key, RECHECK);
    }

    /** @param recheck how long a client is used before its Secret is read again (zero: at every call) */
    public MemberClients(KubernetesClient hub, FleetKey key, java.time.Duration recheck) {
        this.hub = hub;
        this.key = key;
        this.recheckNanos = recheck.toNanos();
    }

    /** The cache key of a member: {@code <namespace>.<name>} of its MemberCluster (as FleetResources.MEMBER_LABEL). */
    public static String memberKey(MemberCluster m) {
        return m.getMetadata().getNamespace() + "." + m.getMetadata().getName();
    }

    /**
     * A client for member {@code m}, using the kubeconfig context recorded at join.
     *
     * @throws IllegalStateException      when {@code m} is in Pull mode
     * @throws ArcaException.NotFound     when its credentials Secret is missing
     * @throws ArcaException.InvalidInput when the Secret does not open with the fleet key
     */
    public KubernetesClient client(MemberCluster m) {
        String ns = m.getMetadata().getNamespace();
        String name = m.getMetadata().getName();
        MemberClusterSpec spec = m.getSpec();
        if (spec != null && spec.syncMode == MemberClusterSpec.SyncMode.Pull) {
            throw new IllegalStateException("member " + ns + "/" + name + " is in Pull mode; the hub holds no credentials for it");
        }
        if (spec == null || spec.credentials == null || spec.credentials.name == null) {
            throw new ArcaException.InvalidInput("member cluster " + ns + "/" + name + " names no credentials Secret "
                    + "(spec.credentials); re-join it with 'arca fleet join " + name + " -n " + ns + "'");
        }
        String secretName = spec.credentials.name;
        Cached recent = clients.get(memberKey(m));
        if (recent != null && recent.secretName().equals(secretName) && System.nanoTime() - recent.checkedNanos() < recheckNanos) {
            return recent.client(); // no GET of the Secret per call: a re-join is seen within the recheck time
        }
        Secret secret = secret(ns, name, secretName);
        String version = secret.getMetadata().getResourceVersion();
        String dataKey = spec.credentials.key == null ? MemberCredentials.KUBECONFIG : spec.credentials.key;
        // compute: two callers asking for the same member at once build one client, not two (one leaked)
        return clients.compute(memberKey(m), (k, cached) -> {
            if (cached != null && cached.resourceVersion().equals(version) && cached.secretName().equals(secretName)) {
                return new Cached(secretName, version, cached.client(), System.nanoTime());
            }
            byte[] kubeconfig = MemberCredentials.open(secret.getData(), ns, name, key, secretName, dataKey);
            try {
                Cached built = new Cached(secretName, version, connect(kubeconfig), System.nanoTime());
                if (cached != null) {
                    cached.client().close();
                }
                return built;
            } finally {
                Arrays.fill(kubeconfig, (byte) 0);
            }
        }).client();
    }

    private Secret secret(String ns, String member, String secretName) {
        Secret secret = hub.secrets().inNamespace(ns).withName(secretName).get();
        if (secret == null) {
            throw new ArcaException.NotFound("the credentials Secret " + ns + "/" + secretName + " of member cluster " + ns + "/"
                    + member + " does not exist; re-join the member with 'arca fleet join " + member + " -n " + ns + "'");
        }
        return secret;
    }

    /** Closes and drops the cached client of member {@code memberKey} ({@link #memberKey}); the next call rebuilds it. */
    public void forget(String memberKey) {
        Cached cached = clients.remove(memberKey);
        if (cached != null) {
            cached.client().close();
        }
    }

    /** A fail-fast client for a flattened kubeconfig (its current context). */
    public static KubernetesClient connect(byte[] flatKubeconfig) {
        Config config = Kubeconfigs.clientConfig(flatKubeconfig);
        config.setConnectionTimeout(CONNECT_TIMEOUT_MS);
        config.setRequestTimeout(REQUEST_TIMEOUT_MS);
        config.setRequestRetryBackoffLimit(1);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    @Override
    public void close() {
        clients.keySet().forEach(this::forget);
    }
}
