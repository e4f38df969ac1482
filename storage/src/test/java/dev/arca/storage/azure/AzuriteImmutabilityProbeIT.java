package dev.arca.storage.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobImmutabilityPolicy;
import com.azure.storage.blob.models.BlobImmutabilityPolicyMode;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import dev.arca.testkit.azure.AzuriteExtension;
import dev.arca.testkit.azure.AzuriteServer;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the Azure server the tests run (Azurite 3.37) answers to blob immutability: a time-based
 * immutability policy and a legal hold, the provider-side locks Arca would set on the backups of a
 * location with an immutability period. It supports neither: these tests record its answers, so the
 * day a newer Azurite does, they fail and say that Arca can start setting them (see docs/storage.md).
 */
@ExtendWith(AzuriteExtension.class)
class AzuriteImmutabilityProbeIT {
    private final AzuriteServer azurite;
    private BlobContainerClient container;
    private BlobClient blob;

    AzuriteImmutabilityProbeIT(AzuriteServer azurite) {
        this.azurite = azurite;
    }

    @BeforeEach
    void blob() {
        container = new BlobServiceClientBuilder().connectionString(azurite.connectionString()).buildClient()
                .createBlobContainer("lock-" + UUID.randomUUID().toString().substring(0, 8));
        blob = container.getBlobClient("arca/backups/b1/backup.json");
        blob.upload(BinaryData.fromString("{}"));
    }

    @Test
    void anImmutabilityPolicyOnABlobIsNotImplemented() {
        BlobStorageException e = catchThrowableOfType(BlobStorageException.class, () -> blob.setImmutabilityPolicy(
                new BlobImmutabilityPolicy().setExpiryTime(OffsetDateTime.now().plusDays(30))
                        .setPolicyMode(BlobImmutabilityPolicyMode.UNLOCKED)));

        assertNotImplemented(e);
    }

    @Test
    void aLegalHoldOnABlobIsNotImplemented() {
        assertNotImplemented(catchThrowableOfType(BlobStorageException.class, () -> blob.setLegalHold(true)));
    }

    /** The policy headers on an upload are accepted without a word, and lock nothing. */
    @Test
    void anImmutabilityPolicyGivenWithTheUploadIsIgnoredAndTheBlobCanBeDeletedAtOnce() {
        BlobClient locked = container.getBlobClient("arca/backups/b2/backup.json");
        locked.uploadWithResponse(new BlobParallelUploadOptions(BinaryData.fromString("{}")).setImmutabilityPolicy(
                new BlobImmutabilityPolicy().setExpiryTime(OffsetDateTime.now().plusDays(30))
                        .setPolicyMode(BlobImmutabilityPolicyMode.UNLOCKED)), null, null);

        assertThat(locked.getProperties().getImmutabilityPolicy().getExpiryTime()).isNull();
        locked.delete();
        assertThat(locked.exists()).isFalse();
    }

    private static void assertNotImplemented(BlobStorageException e) {
        assertThat(e).as("Azurite refuses the request").isNotNull();
        assertThat(e.getStatusCode()).as(e.getMessage()).isEqualTo(501);
        assertThat(e.getErrorCode().toString()).as(e.getMessage()).isEqualTo("APINotImplemented");
    }
}
