package dev.arca.server.velero;

import dev.arca.api.BackupLocationSpec.AccessMode;
import dev.arca.server.resources.BackupLocation;
import dev.arca.server.resources.BackupLocationResourceSpec;
import dev.arca.server.resources.LocationProvider;
import dev.arca.server.resources.SecretKeyRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Converts one Velero {@code BackupStorageLocation} into an Arca {@link BackupLocation}: the
 * object-store plugins {@code aws}, {@code azure} and {@code gcp} map to s3, azure and gcs.
 */
final class VeleroLocations {

    private static final Map<String, String> DROPPED = Map.of(
            "backupSyncPeriod", "the Arca server syncs every location on its own period");

    private VeleroLocations() {
    }

    static ImportedObject convert(VeleroObject velero) {
        List<String> notes = new ArrayList<>(velero.metadataNotes());
        Fields spec = velero.spec();
        BackupLocationResourceSpec arca = new BackupLocationResourceSpec();
        LocationProvider provider = provider(spec.text("provider"));
        arca.setProvider(provider);
        objectStorage(spec.object("objectStorage"), arca, notes);
        Fields config = spec.object("config");
        switch (provider) {
            case s3 -> VeleroLocationConfig.aws(config, arca, notes);
            case azure -> VeleroLocationConfig.azure(config, arca, notes);
            default -> VeleroLocationConfig.gcp(config, arca, notes);
        }
        credential(spec, provider, arca, notes);
        arca.setAccessMode(accessMode(spec.text("accessMode")));
        arca.setDefaultLocation(spec.bool("default"));
        validationFrequency(spec, arca, notes);
        spec.dropRest(notes, DROPPED, "not a Velero BackupStorageLocation field this importer knows");
        notes.add("spec.encryptionPassphrase unset: Velero has no such field, so the location stores backups"
                + " unencrypted; set it to a Secret key to encrypt new backups");
        BackupLocation location = new BackupLocation();
        location.setMetadata(velero.arcaMetadata());
        location.setSpec(arca);
        return new ImportedObject(velero.source(), location, notes);
    }

    private static LocationProvider provider(String provider) {
        String plugin = provider == null ? "" : provider.replaceFirst("^velero\\.io/", "");
        return switch (plugin) {
            case "aws" -> LocationProvider.s3;
            case "azure" -> LocationProvider.azure;
            case "gcp" -> LocationProvider.gcs;
            default -> throw new ImportProblem("spec.provider is '" + provider + "'; Arca converts only the"
                    + " aws (to s3), azure and gcp (to gcs) object-store providers");
        };
    }

    private static void objectStorage(Fields storage, BackupLocationResourceSpec arca, List<String> notes) {
        String bucket = storage.text("bucket");
        if (bucket == null || bucket.isBlank()) {
            throw new ImportProblem("spec.objectStorage.bucket is missing; Velero and Arca both need the bucket");
        }
        arca.setBucket(bucket);
        arca.setPrefix(storage.text("prefix"));
        storage.dropRest(notes, Map.of("caCert", "Arca trusts the JVM's CA certificates; add this CA to the"
                + " server image's trust store"), "not a Velero objectStorage field this importer knows");
    }

    private static void credential(Fields spec, LocationProvider provider, BackupLocationResourceSpec arca,
            List<String> notes) {
        Fields credential = spec.object("credential");
        if (credential.isEmpty()) {
            notes.add("spec.credential unset: Velero then uses the credential mounted into its own pod;"
                    + " Arca uses the server pod's own identity, so set credential to a Secret key if the"
                    + " location needs keys");
            return;
        }
        String name = credential.text("name");
        String key = credential.text("key");
        if (name == null || key == null) {
            throw new ImportProblem("spec.credential needs both name and key (a key of a Secret)");
        }
        credential.dropRest(notes, Map.of(), "a Secret key reference has only name and key");
        arca.setCredential(SecretKeyRef.of(name, key));
        if (provider == LocationProvider.azure) {
            notes.add("spec.credential → spec.credential, changed in meaning: Velero's azure credential is an"
                    + " env file (AZURE_STORAGE_ACCOUNT_ACCESS_KEY=...); Arca reads an azure connection string"
                    + " from Secret " + name + " key " + key + ", so rewrite that key");
        }
    }

    private static AccessMode accessMode(String mode) {
        if (mode == null) {
            return null;
        }
        try {
            return AccessMode.valueOf(mode);
        } catch (IllegalArgumentException e) {
            throw new ImportProblem("spec.accessMode is '" + mode + "'; it must be ReadWrite or ReadOnly");
        }
    }

    private static void validationFrequency(Fields spec, BackupLocationResourceSpec arca, List<String> notes) {
        String frequency = spec.text("validationFrequency");
        if (frequency == null) {
            return;
        }
        if (GoDurations.isZero(frequency)) {
            notes.add("spec.validationFrequency " + frequency + " dropped: 0 turns Velero's validation off;"
                    + " the Arca server always validates, every minute by default");
            return;
        }
        arca.setValidationFrequency(GoDurations.toArca("spec.validationFrequency", frequency));
    }
}
