package dev.arca.cli;

import dev.arca.api.ArcaException;
import dev.arca.api.BackupLocationSpec;
import dev.arca.engine.ClusterAccess;
import dev.arca.storage.crypto.PassphraseSource;
import dev.arca.storage.crypto.Passphrases;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * The CLI's passphrase sources: a file or an environment variable ({@link Passphrases}), or a
 * Kubernetes Secret named {@code namespace/name[:key]} (key defaults to {@code passphrase}), read
 * from the cluster the command names with {@code --kubeconfig} and {@code --context} (by default
 * $KUBECONFIG's or ~/.kube/config's current context), the same cluster a backup or restore runs against.
 */
final class CliPassphrases implements PassphraseSource {
    static final String SECRET = "passphraseSecret";
    private final Map<String, String> env;
    private final ClusterOptions cluster;

    CliPassphrases(Map<String, String> env, ClusterOptions cluster) {
        this.env = env;
        this.cluster = cluster;
    }

    @Override
    public char[] passphrase(BackupLocationSpec location) {
        String ref = location.get(SECRET);
        if (ref == null) {
            return new Passphrases(env).passphrase(location);
        }
        String[] nsName = ref.split(":", 2)[0].split("/", 2);
        String key = ref.contains(":") ? ref.substring(ref.indexOf(':') + 1) : "passphrase";
        if (nsName.length != 2) {
            throw new ArcaException.InvalidInput("passphrase secret \"" + ref + "\" of location \"" + location.name()
                    + "\" is not namespace/name[:key]");
        }
        try (KubernetesClient client = cluster.connect(env, 1)) {
            Secret secret = ClusterAccess.call(client, () -> client.secrets().inNamespace(nsName[0]).withName(nsName[1]).get());
            String value = secret == null || secret.getData() == null ? null : secret.getData().get(key);
            if (value == null) {
                throw new ArcaException.InvalidInput("the passphrase of location \"" + location.name() + "\" should be in key \""
                        + key + "\" of Secret " + nsName[0] + "/" + nsName[1] + ", which does not exist");
            }
            return Passphrases.check(new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8).strip(), location,
                    "Secret " + nsName[0] + "/" + nsName[1]);
        }
    }
}
