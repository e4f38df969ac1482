package dev.arca.cli;

import dev.arca.api.ArcaException;
import dev.arca.api.BackupLocationSpec;
import dev.arca.engine.ClusterAccess;
import dev.arca.storage.crypto.PassphraseSource;
import dev.arca.storage.crypto.Passphrases;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

/**
 * The CLI's passphrase sources: a file or an environment variable ({@link Passphrases}), or a
 * Kubernetes Secret named {@code namespace/name[:key]} (key defaults to {@code passphrase}), read
 * with the current kubeconfig context.
 */
final class CliPassphrases implements PassphraseSource {
    static final String SECRET = "passphraseSecret";
    private final Map<String, String> env;

    CliPassphrases(Map<String, String> env) {
        this.env = env;
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
        String kubeconfig = env.get("KUBECONFIG");
        try (KubernetesClient client = ClusterAccess.connect(kubeconfig == null || kubeconfig.isBlank() ? null
                : Path.of(kubeconfig.split(java.io.File.pathSeparator)[0]), null, 1)) {
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
