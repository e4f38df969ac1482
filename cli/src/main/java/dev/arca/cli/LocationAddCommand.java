package dev.arca.cli;

import dev.arca.api.Durations;
import dev.arca.api.ArcaException;
import dev.arca.api.BackupLocationSpec;
import dev.arca.archive.LocationLayout;
import dev.arca.archive.RetentionLock;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.ObjectStores;
import dev.arca.storage.crypto.EncryptedObjectStore;
import dev.arca.storage.crypto.LocationKeys;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code arca location add NAME --dir|--s3|--azure|--gcs ...}: checks that the location can be
 * reached, sets up (or, for an existing encrypted location, opens) its key, sets or raises its
 * retention lock ({@code --immutable-for}), and records it in $ARCA_HOME. Only where secrets are is
 * recorded, never a secret.
 */
@Command(name = "add", mixinStandardHelpOptions = true,
        description = "Add a location: a directory (--dir), an S3-compatible bucket (--s3), an Azure Blob container (--azure) "
                + "or a Google Cloud Storage bucket (--gcs).")
final class LocationAddCommand implements Callable<Integer>, ArcaCommand.NeedsEnv {
    Map<String, String> env;
    @Spec CommandSpec spec;

    @Parameters(index = "0", description = "The location's name.")
    String name;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Kind kind;

    static final class Kind {
        @Option(names = "--dir", description = "A directory on this machine.") Path dir;
        @Option(names = "--s3", description = "An S3-compatible bucket.") boolean s3;
        @Option(names = "--azure", description = "An Azure Blob Storage container.") boolean azure;
        @Option(names = "--gcs", description = "A Google Cloud Storage bucket.") boolean gcs;
    }

    @Option(names = "--bucket", description = "S3 or GCS bucket.") String bucket;
    @Option(names = "--container", description = "Azure container.") String container;
    @Option(names = "--prefix", description = "Key prefix inside the bucket or container.") String prefix;
    @Option(names = "--endpoint", description = "Service endpoint URL (default: the cloud's own).") String endpoint;
    @Option(names = "--region", description = "S3 region (default: us-east-1).") String region;
    @Option(names = "--path-style", description = "S3 path-style addressing (default when --endpoint is set).") Boolean pathStyle;
    @Option(names = "--credentials-file", description = "S3: AWS shared credentials file; GCS: service-account JSON.") Path credentialsFile;
    @Option(names = "--profile", description = "Profile in the AWS credentials file.") String profile;
    @Option(names = "--project", description = "GCS project.") String project;
    @Option(names = "--account", description = "Azure storage account.") String account;
    @Option(names = "--account-key-file", description = "A file holding the Azure account key.") Path accountKeyFile;
    @Option(names = "--sas-token-file", description = "A file holding an Azure SAS token.") Path sasTokenFile;
    @Option(names = "--access-mode", defaultValue = "ReadWrite", description = "ReadWrite or ReadOnly.")
    BackupLocationSpec.AccessMode accessMode;
    @Option(names = "--default", description = "Make it the default location.") boolean makeDefault;
    @Option(names = "--encryption", defaultValue = "passphrase",
            description = "passphrase (default: everything written is encrypted) or none.") String encryption;
    @Mixin EncryptionOptions passphrase;
    @Mixin ClusterOptions cluster; // the cluster whose Secret holds the passphrase (--passphrase-secret)
    @Option(names = "--immutable-for", description = "Refuse to delete backups younger than this (e.g. 30d). Stored in the "
            + "location (arca/retention.json), so every client honours it; it can be raised, never lowered.") String immutableFor;

    @Override
    public void env(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        Map<String, String> config = new LinkedHashMap<>();
        String provider = provider(config);
        encryption(config);
        Duration period = immutableFor == null ? null : Durations.parse("--immutable-for", immutableFor);
        if (period != null && period.isZero()) {
            throw new ArcaException.InvalidInput("--immutable-for must be longer than zero, e.g. 30d; leave it out for no "
                    + "retention lock");
        }
        if (period != null) {
            config.put("immutableFor", period.toString());
        }
        BackupLocationSpec location = new BackupLocationSpec(name, provider, config, accessMode);
        if (period != null && accessMode == BackupLocationSpec.AccessMode.ReadOnly) {
            throw new ArcaException.InvalidInput("--immutable-for is stored in the location itself, which a ReadOnly location "
                    + "cannot take; add the location ReadWrite with --immutable-for once, from any machine");
        }
        try (ObjectStore store = ObjectStores.openRaw(location)) {
            LocationLayout.backupNames(store); // fails fast on a location that cannot be reached
            ObjectStore objects = store;
            if (ObjectStores.encrypted(location)) {
                char[] secret = new CliPassphrases(env, cluster).passphrase(location);
                try {
                    objects = new EncryptedObjectStore(store,
                            LocationKeys.openOrCreate(store, name, secret, LocationKeys.Kdf.DEFAULT, Clock.systemUTC()));
                } finally {
                    Arrays.fill(secret, '\0');
                }
            } else {
                ObjectStores.refuseIfEncrypted(location, store);
            }
            retention(objects, period);
        }
        ArcaHome home = new ArcaHome(env);
        home.save(home.withLocation(location, makeDefault));
        spec.commandLine().getOut().println("location \"" + name + "\" added");
        return ExitCode.OK;
    }

    /**
     * Sets (or raises) the location's retention lock to {@code period}, refusing to lower it; without
     * the flag, says on stderr what the location keeps already, or that its lock cannot be read.
     */
    private void retention(ObjectStore objects, Duration period) {
        if (period != null) {
            RetentionLock lock = RetentionLock.setAtLeast(objects, period, Clock.systemUTC().instant(), whoAmI());
            spec.commandLine().getErr().println("location \"" + name + "\" keeps backups immutable for "
                    + RetentionLock.human(lock.immutableFor()) + " (" + lock.source() + ")");
            return;
        }
        try {
            RetentionLock.read(objects).ifPresent(lock -> spec.commandLine().getErr().println("note: location \"" + name
                    + "\" keeps backups immutable for " + RetentionLock.human(lock.immutableFor()) + " (" + lock.source()
                    + "); every client honours it"));
        } catch (ArcaException.Corrupt e) {
            spec.commandLine().getErr().println("warning: " + e.getMessage());
        }
    }

    /** Who sets a retention lock, as recorded in it: {@code user@host}. */
    private static String whoAmI() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown-host";
        }
        return System.getProperty("user.name", "unknown-user") + "@" + host;
    }

    private String provider(Map<String, String> config) {
        if (kind.dir != null) {
            config.put("dir", kind.dir.toAbsolutePath().normalize().toString());
            return "filesystem";
        }
        put(config, "prefix", prefix);
        put(config, "endpoint", endpoint);
        if (kind.azure) {
            config.put("container", required(container, "an Azure location needs --container"));
            put(config, "account", account);
            put(config, "accountKeyFile", path(accountKeyFile));
            put(config, "sasTokenFile", path(sasTokenFile));
            return "azure";
        }
        config.put("bucket", required(bucket, "an S3 or GCS location needs --bucket"));
        put(config, "credentialsFile", path(credentialsFile));
        if (kind.gcs) {
            put(config, "project", project);
            return "gcs";
        }
        put(config, "region", region);
        put(config, "pathStyle", pathStyle == null ? null : pathStyle.toString());
        put(config, "profile", profile);
        return "s3";
    }

    private void encryption(Map<String, String> config) {
        switch (encryption) {
            case "none" -> {
                if (passphrase.given()) {
                    throw new ArcaException.InvalidInput("--encryption none takes no passphrase");
                }
            }
            case "passphrase" -> {
                passphrase.into(config, "--passphrase");
                config.put("encryption", "passphrase");
            }
            default -> throw new ArcaException.InvalidInput("--encryption must be passphrase or none (KMS keys are not "
                    + "supported yet), got \"" + encryption + "\"");
        }
    }

    private static String required(String value, String message) {
        if (value == null || value.isBlank()) {
            throw new ArcaException.InvalidInput(message);
        }
        return value;
    }

    private static String path(Path p) {
        return p == null ? null : p.toAbsolutePath().normalize().toString();
    }

    private static void put(Map<String, String> config, String key, String value) {
        if (value != null && !value.isBlank()) {
            config.put(key, value);
        }
    }
}
