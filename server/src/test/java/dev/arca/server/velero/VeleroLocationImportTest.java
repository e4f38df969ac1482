package dev.arca.server.velero;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.api.BackupLocationSpec.AccessMode;
import dev.arca.server.resources.BackupLocation;
import dev.arca.server.resources.BackupLocationResourceSpec;
import dev.arca.server.resources.LocationProvider;
import org.junit.jupiter.api.Test;

class VeleroLocationImportTest {

    private static final String UNENCRYPTED = "spec.encryptionPassphrase unset: Velero has no such field, so the"
            + " location stores backups unencrypted; set it to a Secret key to encrypt new backups";

    @Test
    void mapsAMinioLocationWithEndpointPathStyleAndCredential() {
        ImportedObject imported = VeleroImport.convert(VeleroYaml.MINIO).objects().get(0);
        BackupLocationResourceSpec spec = ((BackupLocation) imported.object()).getSpec();

        assertThat(imported.source()).isEqualTo("BackupStorageLocation/minio");
        assertThat(spec.getProvider()).isEqualTo(LocationProvider.s3);
        assertThat(spec.getBucket()).isEqualTo("velero");
        assertThat(spec.getPrefix()).isEqualTo("cluster-a");
        assertThat(spec.getRegion()).isEqualTo("minio");
        assertThat(spec.getEndpoint()).isEqualTo("http://minio.velero.svc:9000");
        assertThat(spec.getPathStyle()).isTrue();
        assertThat(spec.getCredential().getName()).isEqualTo("minio-credentials");
        assertThat(spec.getCredential().getKey()).isEqualTo("cloud");
        assertThat(spec.getAccessMode()).isEqualTo(AccessMode.ReadOnly);
        assertThat(spec.getDefaultLocation()).isTrue();
        assertThat(spec.getValidationFrequency()).isEqualTo("2m");
        assertThat(spec.getEncryptionPassphrase()).isNull();
        assertThat(imported.notes()).containsExactly(
                "metadata.namespace velero dropped: create the object in the namespace the Arca server watches"
                        + " (kubectl apply -n)",
                "spec.objectStorage.caCert dropped: Arca trusts the JVM's CA certificates; add this CA to the"
                        + " server image's trust store",
                "spec.config.kmsKeyId dropped: Arca encrypts client-side with encryptionPassphrase and sets no"
                        + " server-side encryption",
                "spec.backupSyncPeriod dropped: the Arca server syncs every location on its own period",
                UNENCRYPTED);
    }

    @Test
    void anAwsLocationWithoutCredentialSaysTheServerUsesItsPodIdentity() {
        ImportedObject imported = VeleroImport.convert(VeleroYaml.AWS_NO_CREDENTIAL).objects().get(0);
        BackupLocationResourceSpec spec = ((BackupLocation) imported.object()).getSpec();

        assertThat(spec.getProvider()).isEqualTo(LocationProvider.s3);
        assertThat(spec.getBucket()).isEqualTo("acme-backups");
        assertThat(spec.getRegion()).isEqualTo("eu-west-3");
        assertThat(spec.getEndpoint()).isNull();
        assertThat(spec.getPathStyle()).isNull();
        assertThat(spec.getCredential()).isNull();
        assertThat(spec.getAccessMode()).isNull();
        assertThat(imported.notes()).containsExactly(
                "spec.credential unset: Velero then uses the credential mounted into its own pod; Arca uses the"
                        + " server pod's own identity, so set credential to a Secret key if the location needs keys",
                UNENCRYPTED);
    }

    @Test
    void mapsAnAzureLocationToItsBlobEndpointAndSaysTheCredentialChangesForm() {
        ImportedObject imported = VeleroImport.convert(VeleroYaml.AZURE).objects().get(0);
        BackupLocationResourceSpec spec = ((BackupLocation) imported.object()).getSpec();

        assertThat(spec.getProvider()).isEqualTo(LocationProvider.azure);
        assertThat(spec.getBucket()).isEqualTo("velero-container");
        assertThat(spec.getEndpoint()).isEqualTo("https://acmebackups.blob.core.windows.net");
        assertThat(spec.getCredential().getName()).isEqualTo("azure-credentials");
        assertThat(imported.notes()).containsExactly(
                "spec.config.storageAccount acmebackups → spec.endpoint https://acmebackups.blob.core.windows.net:"
                        + " the account's public blob endpoint; change it for a sovereign cloud",
                "spec.config.resourceGroup dropped: Arca reaches the container with the connection string, not"
                        + " through Azure Resource Manager",
                "spec.config.subscriptionId dropped: Arca reaches the container with the connection string, not"
                        + " through Azure Resource Manager",
                "spec.credential → spec.credential, changed in meaning: Velero's azure credential is an env file"
                        + " (AZURE_STORAGE_ACCOUNT_ACCESS_KEY=...); Arca reads an azure connection string from"
                        + " Secret azure-credentials key cloud, so rewrite that key",
                UNENCRYPTED);
    }

    @Test
    void mapsAGcpLocationToGcsAndDropsAZeroValidationFrequencyWithANote() {
        ImportedObject imported = VeleroImport.convert(VeleroYaml.GCP).objects().get(0);
        BackupLocationResourceSpec spec = ((BackupLocation) imported.object()).getSpec();

        assertThat(spec.getProvider()).isEqualTo(LocationProvider.gcs);
        assertThat(spec.getBucket()).isEqualTo("acme-velero");
        assertThat(spec.getPrefix()).isEqualTo("prod");
        assertThat(spec.getCredential().getKey()).isEqualTo("service-account.json");
        assertThat(spec.getValidationFrequency()).isNull();
        assertThat(imported.notes()).containsExactly(
                "spec.config.serviceAccount dropped: Arca authenticates with the credential's service-account"
                        + " key or the pod's identity",
                "spec.validationFrequency 0 dropped: 0 turns Velero's validation off; the Arca server always"
                        + " validates, every minute by default",
                UNENCRYPTED);
    }
}
