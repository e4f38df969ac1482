package dev.arca.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.arca.testkit.s3.S3Server;
import dev.arca.testkit.s3.S3ServerExtension;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * What the S3 server the tests run (s3proxy 4.1.1, filesystem backend, as the testkit configures it)
 * answers to S3 Object Lock, the provider-side lock Arca would set on the backups of a location with
 * an immutability period. It has none: these tests record its answers, so the day a newer s3proxy
 * supports Object Lock, they fail and say that Arca can start setting it (see docs/storage.md).
 */
@ExtendWith(S3ServerExtension.class)
class S3ObjectLockProbeIT {
    private final S3Server s3;
    private S3Client client;
    private String bucket;

    S3ObjectLockProbeIT(S3Server s3) {
        this.s3 = s3;
    }

    @BeforeEach
    void client() {
        client = S3Client.builder().endpointOverride(URI.create(s3.endpoint())).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), s3.secretKey())))
                .build();
        bucket = s3.createUniqueBucket("lock");
        client.putObject(b -> b.bucket(bucket).key("arca/backups/b1/backup.json"), RequestBody.fromString("{}"));
    }

    @Test
    void aBucketWithObjectLockEnabledCannotBeCreated() {
        S3Exception e = catchThrowableOfType(S3Exception.class,
                () -> client.createBucket(b -> b.bucket("locked-" + bucket).objectLockEnabledForBucket(true)));

        assertNotImplemented(e);
    }

    @Test
    void objectLockConfigurationRetentionAndLegalHoldAreNotImplemented() {
        String key = "arca/backups/b1/backup.json";
        Instant until = Instant.now().plus(30, ChronoUnit.DAYS);

        assertNotImplemented(catchThrowableOfType(S3Exception.class, () -> client.getObjectLockConfiguration(b -> b.bucket(bucket))));
        assertNotImplemented(catchThrowableOfType(S3Exception.class, () -> client.putObjectLockConfiguration(b -> b.bucket(bucket)
                .objectLockConfiguration(c -> c.objectLockEnabled("Enabled")))));
        assertNotImplemented(catchThrowableOfType(S3Exception.class, () -> client.putObjectRetention(b -> b.bucket(bucket).key(key)
                .retention(r -> r.mode(ObjectLockRetentionMode.COMPLIANCE).retainUntilDate(until)))));
        assertNotImplemented(catchThrowableOfType(S3Exception.class, () -> client.putObjectLegalHold(b -> b.bucket(bucket).key(key)
                .legalHold(h -> h.status(ObjectLockLegalHoldStatus.ON)))));
    }

    /** The lock headers on a PUT are dropped without a word (the testkit runs it with ignore-unknown-headers): nothing is locked. */
    @Test
    void lockHeadersOnAPutAreIgnoredSilentlyAndTheObjectCanBeDeletedAtOnce() {
        String key = "arca/backups/b2/backup.json";
        client.putObject(b -> b.bucket(bucket).key(key).objectLockMode(ObjectLockMode.COMPLIANCE)
                .objectLockRetainUntilDate(Instant.now().plus(30, ChronoUnit.DAYS)), RequestBody.fromString("{}"));

        assertThat(client.headObject(b -> b.bucket(bucket).key(key)).objectLockMode()).isNull();
        client.deleteObject(b -> b.bucket(bucket).key(key));
        assertThat(catchThrowableOfType(NoSuchKeyException.class, () -> client.headObject(b -> b.bucket(bucket).key(key))))
                .isNotNull();
    }

    private static void assertNotImplemented(S3Exception e) {
        assertThat(e).as("s3proxy refuses the request").isNotNull();
        assertThat(e.statusCode()).as(e.getMessage()).isEqualTo(501);
        assertThat(e.awsErrorDetails().errorCode()).as(e.getMessage()).isEqualTo("NotImplemented");
    }
}
