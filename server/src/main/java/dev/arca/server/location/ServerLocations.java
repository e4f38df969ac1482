package dev.arca.server.location;

import dev.arca.api.ArcaException;
import dev.arca.api.BackupLocationSpec;
import dev.arca.server.resources.BackupLocation;
import dev.arca.server.resources.BackupLocationResourceSpec;
import dev.arca.server.resources.LocationProvider;
import dev.arca.server.resources.SecretKeyRef;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.ObjectStores;
import dev.arca.storage.crypto.LocationKeyCache;
import dev.arca.storage.crypto.Passphrases;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server's locations: {@code BackupLocation} resources of its namespace, opened with the
 * credential and passphrase their Secrets hold. A provider credential is written to a file only
 * this process can read (mode 0600, in a 0700 directory), because the storage providers read
 * credentials from files as the CLI gives them.
 */
public final class ServerLocations {
    /** Locations whose keys stay unwrapped: far more than a namespace holds; a passphrase changed back and forth costs a slot each. */
    private static final int KEYS_KEPT = 32;
    private final KubernetesClient client;
    private final String namespace;
    private final Path secretsDir;
    /** Every backup, restore, sync and validation opens its location: scrypt runs once per key file and passphrase. */
    private final LocationKeyCache keys = new LocationKeyCache(KEYS_KEPT);

    public ServerLocations(KubernetesClient client, String namespace, Path secretsDir) {
        this.client = client;
        this.namespace = namespace;
        this.secretsDir = secretsDir;
    }

    public String namespace() {
        return namespace;
    }

    /**
     * The location called {@code name}, or the default one when {@code name} is null or blank.
     *
     * @throws ArcaException.InvalidInput when it does not exist, or there is no single default
     */
    public BackupLocation find(String name) {
        if (name != null && !name.isBlank()) {
            BackupLocation found = client.resources(BackupLocation.class).inNamespace(namespace).withName(name).get();
            if (found == null) {
                throw new ArcaException.InvalidInput("BackupLocation " + namespace + "/" + name + " does not exist; "
                        + "create it (see 'arca install --location') or name another with spec.storageLocation");
            }
            return found;
        }
        List<BackupLocation> defaults = client.resources(BackupLocation.class).inNamespace(namespace).list().getItems()
                .stream().filter(l -> l.getSpec() != null && Boolean.TRUE.equals(l.getSpec().getDefaultLocation())).toList();
        if (defaults.size() != 1) {
            throw new ArcaException.InvalidInput((defaults.isEmpty() ? "no BackupLocation" : defaults.size() + " BackupLocations")
                    + " in namespace " + namespace + " say default: true; mark exactly one as the default, or name"
                    + " the location in spec.storageLocation");
        }
        return defaults.get(0);
    }

    /** The engine's spec of {@code location}: provider keys, and the credential written to a private file. */
    public BackupLocationSpec spec(BackupLocation location) {
        String name = location.getMetadata().getName();
        BackupLocationResourceSpec spec = location.getSpec();
        if (spec == null || spec.getProvider() == null) {
            throw new ArcaException.InvalidInput("BackupLocation " + namespace + "/" + name + " has no spec.provider;"
                    + " set filesystem, s3, azure or gcs");
        }
        Map<String, String> config = new LinkedHashMap<>();
        LocationProvider provider = spec.getProvider();
        switch (provider) {
            case filesystem -> put(config, "dir", spec.getPath());
            case s3, gcs -> put(config, "bucket", spec.getBucket());
            case azure -> put(config, "container", spec.getBucket());
        }
        put(config, "prefix", spec.getPrefix());
        put(config, "endpoint", spec.getEndpoint());
        put(config, "region", spec.getRegion());
        if (spec.getPathStyle() != null) {
            config.put("pathStyle", spec.getPathStyle().toString());
        }
        if (spec.getCredential() != null) {
            Path file = writePrivate(name, "credential", secretValue(name, "credential", spec.getCredential()));
            config.put(provider == LocationProvider.azure ? "accountKeyFile" : "credentialsFile", file.toString());
        }
        if (spec.getEncryptionPassphrase() != null) {
            config.put("encryption", "passphrase");
        }
        return new BackupLocationSpec(name, provider.name(), config, spec.getAccessMode());
    }

    /** Opens {@code location}: encrypted with the passphrase of its Secret when it names one. */
    public ObjectStore open(BackupLocation location) {
        BackupLocationSpec spec = spec(location);
        SecretKeyRef passphraseRef = location.getSpec().getEncryptionPassphrase();
        if (passphraseRef == null) {
            ObjectStore raw = ObjectStores.openRaw(spec);
            try {
                ObjectStores.refuseIfEncrypted(spec, raw);
                return raw;
            } catch (RuntimeException e) {
                raw.close();
                throw e;
            }
        }
        String name = location.getMetadata().getName();
        // read before anything is opened: a missing Secret then leaves no open store behind
        String passphrase = new String(secretValue(name, "encryptionPassphrase", passphraseRef), StandardCharsets.UTF_8).strip();
        return ObjectStores.open(spec, l -> Passphrases.check(passphrase, l, "Secret " + namespace + "/" + passphraseRef.getName()), keys);
    }

    private byte[] secretValue(String location, String field, SecretKeyRef ref) {
        Secret secret = client.secrets().inNamespace(namespace).withName(ref.getName()).get();
        String value = secret == null || secret.getData() == null ? null : secret.getData().get(ref.getKey());
        if (value == null) {
            throw new ArcaException.InvalidInput("BackupLocation " + namespace + "/" + location + ": spec." + field
                    + " names key \"" + ref.getKey() + "\" of Secret " + namespace + "/" + ref.getName() + ", which "
                    + (secret == null ? "does not exist" : "has no such key") + "; create it, e.g. 'kubectl -n " + namespace
                    + " create secret generic " + ref.getName() + " --from-file=" + ref.getKey() + "=FILE'");
        }
        return Base64.getDecoder().decode(value);
    }

    private Path writePrivate(String location, String what, byte[] content) {
        try {
            Files.createDirectories(secretsDir);
            Files.setPosixFilePermissions(secretsDir, PosixFilePermissions.fromString("rwx------"));
            Path file = secretsDir.resolve(location + "." + what);
            Path temp = Files.createTempFile(secretsDir, location, ".tmp", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
            Files.write(temp, content);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the " + what + " of BackupLocation " + namespace + "/" + location
                    + " to " + secretsDir + " (" + e.getClass().getSimpleName() + "); give the server a writable"
                    + " ARCA_HOME or /tmp", e);
        }
    }

    private static void put(Map<String, String> config, String key, String value) {
        if (value != null && !value.isBlank()) {
            config.put(key, value.strip());
        }
    }
}
