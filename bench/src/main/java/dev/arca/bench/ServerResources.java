package dev.arca.bench;

import dev.arca.server.resources.Backup;
import dev.arca.server.resources.BackupLocation;
import dev.arca.server.resources.BackupLocationResourceSpec;
import dev.arca.server.resources.BackupPhase;
import dev.arca.server.resources.BackupResourceSpec;
import dev.arca.server.resources.LocationProvider;
import dev.arca.server.resources.Schedule;
import dev.arca.server.resources.ScheduleSpec;
import dev.arca.server.resources.SecretKeyRef;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.crypto.EncryptedObjectStore;
import dev.arca.storage.crypto.LocationKeys;
import dev.arca.storage.fs.FilesystemObjectStore;
import dev.arca.testkit.s3.S3Server;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/** Makes the arca.dev resources the server benchmark needs, in one namespace. */
final class ServerResources {
    static final String LOCATION = "main";
    static final Set<BackupPhase> FINAL = Set.of(BackupPhase.Completed, BackupPhase.PartiallyFailed, BackupPhase.Failed,
            BackupPhase.Cancelled);
    private final KubernetesClient client;
    private final String namespace;

    ServerResources(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
                .create();
    }

    String namespace() {
        return namespace;
    }

    void filesystemLocation(Path dir, String validationFrequency) {
        BackupLocationResourceSpec spec = new BackupLocationResourceSpec();
        spec.setProvider(LocationProvider.filesystem);
        spec.setPath(dir.toString());
        spec.setDefaultLocation(true);
        spec.setValidationFrequency(validationFrequency);
        location(spec);
    }

    /**
     * A filesystem location encrypted with a passphrase from a Secret, as users are told to run one:
     * its key file is made here with the default scrypt cost, as 'arca location add' makes it.
     * Returns the location as the server reads it, decrypted.
     */
    ObjectStore encryptedFilesystemLocation(Path dir, String validationFrequency) {
        String passphrase = "bench passphrase of the volume location";
        client.secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata().withName("passphrase").endMetadata()
                .addToStringData("passphrase", passphrase).build()).create();
        ObjectStore raw = new FilesystemObjectStore(dir);
        ObjectStore decrypted = new EncryptedObjectStore(raw, LocationKeys.openOrCreate(raw, LOCATION, passphrase.toCharArray(),
                LocationKeys.Kdf.DEFAULT, Clock.systemUTC()));
        BackupLocationResourceSpec spec = new BackupLocationResourceSpec();
        spec.setProvider(LocationProvider.filesystem);
        spec.setPath(dir.toString());
        spec.setDefaultLocation(true);
        spec.setValidationFrequency(validationFrequency);
        spec.setEncryptionPassphrase(SecretKeyRef.of("passphrase", "passphrase"));
        location(spec);
        return decrypted;
    }

    void s3Location(S3Server s3, String bucket, String validationFrequency) {
        client.secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata().withName("s3").endMetadata()
                .addToStringData("credentials", "[default]\naws_access_key_id = " + s3.accessKey()
                        + "\naws_secret_access_key = " + s3.secretKey() + "\n").build()).create();
        BackupLocationResourceSpec spec = new BackupLocationResourceSpec();
        spec.setProvider(LocationProvider.s3);
        spec.setBucket(bucket);
        spec.setEndpoint(s3.endpoint());
        spec.setPathStyle(true);
        spec.setCredential(SecretKeyRef.of("s3", "credentials"));
        spec.setDefaultLocation(true);
        spec.setValidationFrequency(validationFrequency);
        location(spec);
    }

    private void location(BackupLocationResourceSpec spec) {
        BackupLocation location = new BackupLocation();
        location.setMetadata(new ObjectMetaBuilder().withName(LOCATION).withNamespace(namespace).build());
        location.setSpec(spec);
        client.resource(location).create();
    }

    /** A daily Schedule at {@code cron} (UTC) backing up namespace {@code default}. */
    void schedule(String name, String cron) {
        BackupResourceSpec template = new BackupResourceSpec();
        template.setIncludedNamespaces(List.of("default"));
        ScheduleSpec spec = new ScheduleSpec();
        spec.setSchedule(cron);
        spec.setTemplate(template);
        Schedule schedule = new Schedule();
        schedule.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        schedule.setSpec(spec);
        client.resource(schedule).create();
    }

    List<Schedule> schedules() {
        return client.resources(Schedule.class).inNamespace(namespace).list().getItems();
    }

    Backup backup(String name, List<String> namespaces) {
        BackupResourceSpec spec = new BackupResourceSpec();
        spec.setIncludedNamespaces(namespaces);
        spec.setStorageLocation(LOCATION);
        Backup backup = new Backup();
        backup.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        backup.setSpec(spec);
        return client.resource(backup).create();
    }

    Backup get(String backup) {
        return client.resources(Backup.class).inNamespace(namespace).withName(backup).get();
    }

    static boolean finished(Backup b) {
        return b != null && b.getStatus() != null && FINAL.contains(b.getStatus().getPhase());
    }

    List<Backup> backups() {
        return client.resources(Backup.class).inNamespace(namespace).list().getItems();
    }
}
