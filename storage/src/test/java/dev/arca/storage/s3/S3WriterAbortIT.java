package dev.arca.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import dev.arca.api.BackupLocationSpec;
import dev.arca.storage.ObjectWriter;
import dev.arca.testkit.s3.S3Server;
import dev.arca.testkit.s3.S3ServerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * Every multipart upload that has an id is aborted when its writer closes without a commit, on a
 * real s3proxy: the failures are injected into the SDK client (the request reaches the server, or
 * not, and the caller sees a failure), and the bucket's incomplete uploads are listed afterwards.
 */
@ExtendWith(S3ServerExtension.class)
class S3WriterAbortIT {
    private static final int PART_SIZE = S3ObjectStore.MIN_PART_SIZE;

    private final S3Server s3;
    @TempDir
    Path dir;
    private String bucket;
    private S3ObjectStore plain;

    S3WriterAbortIT(S3Server s3) {
        this.s3 = s3;
    }

    @BeforeEach
    void bucket() throws IOException {
        bucket = s3.createUniqueBucket("abort");
        plain = new S3ObjectStore(S3Settings.from(spec()), PART_SIZE);
    }

    @Test
    void aFirstPartWhoseAnswerIsLostIsAbortedWhenTheWriterCloses() throws IOException {
        FailRequests failing = FailRequests.after(r -> r instanceof UploadPartRequest part && part.partNumber() == 1);
        try (S3ObjectStore store = new S3ObjectStore(S3Settings.from(spec()), PART_SIZE, List.of(failing))) {
            try (ObjectWriter w = store.writer("backups/b/resources.tar.zst")) {
                assertThatThrownBy(() -> w.write(random(PART_SIZE * 2))).isInstanceOf(ArcaException.class)
                        .hasMessageContaining("part 1").hasMessageContaining("backups/b/resources.tar.zst");
                assertThat(uploads()).as("the first part landed, only its answer was lost").hasSize(1);
            }
        }

        assertThat(failing.failures.get()).isPositive();
        assertThat(uploads()).as("aborted on close").isEmpty();
        assertThat(plain.list("")).isEmpty();
    }

    @Test
    void aFirstPartThatNeverReachesTheServerStillAbortsTheUploadItsCreateStarted() throws IOException {
        FailRequests failing = FailRequests.before(r -> r instanceof UploadPartRequest);
        try (S3ObjectStore store = new S3ObjectStore(S3Settings.from(spec()), PART_SIZE, List.of(failing))) {
            try (ObjectWriter w = store.writer("backups/b/resources.tar.zst")) {
                assertThatThrownBy(() -> w.write(random(PART_SIZE * 2))).isInstanceOf(ArcaException.class);
            }
            assertThat(failing.failures.get()).isPositive();
            assertThat(failing.aborts.get()).as("the writer aborted the upload it had an id for").isEqualTo(1);
        }
        assertThat(uploads()).isEmpty();
    }

    @Test
    void aFailedCompleteAbortsTheUploadWhenTheWriterCloses() throws IOException {
        FailRequests failing = FailRequests.before(r -> r instanceof CompleteMultipartUploadRequest);
        try (S3ObjectStore store = new S3ObjectStore(S3Settings.from(spec()), PART_SIZE, List.of(failing))) {
            try (ObjectWriter w = store.writer("backups/b/resources.tar.zst")) {
                w.write(random(PART_SIZE * 2));
                assertThatThrownBy(w::commit).isInstanceOf(ArcaException.class).hasMessageContaining("complete");
                assertThat(uploads()).as("both parts are on the server").hasSize(1);
            }
        }

        assertThat(uploads()).isEmpty();
        assertThat(plain.list("")).isEmpty();
    }

    @Test
    void maintenanceAbortsTheUploadOfAWriterThatDiedAndKeepsOneUnderAnotherPrefix() throws Exception {
        java.time.Instant started = java.time.Instant.now();
        ObjectWriter killed = plain.writer("backups/dead/resources.tar.zst"); // never closed: its process was killed
        ObjectWriter other = plain.writer("repository/packs/p1");
        killed.write(random(PART_SIZE + 1));
        other.write(random(PART_SIZE + 1));
        assertThat(uploads()).hasSize(2);
        Thread.sleep(2500);

        assertThat(plain.deleteAbandonedWrites("backups/", started.minusSeconds(1))).as("begun after the cutoff").isZero();
        assertThat(plain.deleteAbandonedWrites("backups/", started.plusSeconds(2)))
                .as("begun before the cutoff, by the time the server recorded for it").isEqualTo(1);

        assertThat(uploads()).extracting(MultipartUpload::key).containsExactly("repository/packs/p1");
        other.close();
        killed.close();
    }

    private List<MultipartUpload> uploads() {
        return plain.client().listMultipartUploads(b -> b.bucket(bucket)).uploads();
    }

    private BackupLocationSpec spec() throws IOException {
        Path credentials = Files.writeString(Files.createTempFile(dir, "credentials", ""), "[default]\naws_access_key_id = "
                + s3.accessKey() + "\naws_secret_access_key = " + s3.secretKey() + "\n");
        return new BackupLocationSpec("it", "s3", Map.of("bucket", bucket, "endpoint", s3.endpoint(),
                "credentialsFile", credentials.toString()), null);
    }

    private static byte[] random(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }

    /** Fails the matching requests, before they are sent or after their answer came back; counts aborts. */
    private static final class FailRequests implements ExecutionInterceptor {
        final AtomicInteger failures = new AtomicInteger();
        final AtomicInteger aborts = new AtomicInteger();
        private final Predicate<SdkRequest> which;
        private final boolean afterTransmission;

        private FailRequests(Predicate<SdkRequest> which, boolean afterTransmission) {
            this.which = which;
            this.afterTransmission = afterTransmission;
        }

        static FailRequests before(Predicate<SdkRequest> which) {
            return new FailRequests(which, false);
        }

        static FailRequests after(Predicate<SdkRequest> which) {
            return new FailRequests(which, true);
        }

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if (context.request() instanceof software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest) {
                aborts.incrementAndGet();
            }
            if (!afterTransmission) {
                fail(context.request());
            }
        }

        @Override
        public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
            if (afterTransmission) {
                fail(context.request());
            }
        }

        private void fail(SdkRequest request) {
            if (which.test(request)) {
                failures.incrementAndGet();
                throw SdkClientException.create("simulated: the connection was reset (" + request.getClass().getSimpleName() + ")");
            }
        }
    }
}
