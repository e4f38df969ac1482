package dev.arca.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import dev.arca.api.BackupLocationSpec;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.ObjectStoreContract;
import dev.arca.storage.ObjectStores;
import dev.arca.storage.ObjectWriter;
import dev.arca.testkit.s3.S3Server;
import dev.arca.testkit.s3.S3ServerExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The object store contract and S3's own failure modes, against a real s3proxy on loopback. */
@ExtendWith(S3ServerExtension.class)
class S3ObjectStoreIT extends ObjectStoreContract {
    /** The smallest part S3 (and s3proxy) accept, so that a few parts are a few MiB. */
    private static final int PART_SIZE = S3ObjectStore.MIN_PART_SIZE;
    private static final String PREFIX = "team/arca";

    private final S3Server s3;
    @TempDir
    Path dir;
    private String bucket;

    S3ObjectStoreIT(S3Server s3) {
        this.s3 = s3;
    }

    @Override
    protected ObjectStore createStore() throws IOException {
        bucket = s3.createUniqueBucket("contract");
        return new S3ObjectStore(S3Settings.from(spec(bucket, Map.of("prefix", PREFIX))), PART_SIZE);
    }

    @Override
    protected int partSize() {
        return PART_SIZE;
    }

    @Override
    protected boolean removesAbandonedWrites() {
        return true;
    }

    @Test
    void keysGoUnderThePrefixAndDescribeNamesBucketPrefixAndEndpointOnly() throws IOException {
        store.put("backups/x/backup.json", bytes("{}"));

        try (ObjectStore whole = new S3ObjectStore(S3Settings.from(spec(bucket, Map.of())))) {
            assertThat(whole.list("")).extracting(ObjectStore.ObjectInfo::key)
                    .containsExactly(PREFIX + "/backups/x/backup.json");
        }
        assertThat(store.describe()).isEqualTo("s3 bucket " + bucket + "/" + PREFIX + " at " + s3.endpoint());
        assertThat(store.describe()).doesNotContain(s3.accessKey()).doesNotContain(s3.secretKey());
    }

    @Test
    void aWriterClosedWithoutCommitAbortsItsMultipartUpload() throws IOException {
        S3ObjectStore s3store = (S3ObjectStore) store;
        try (ObjectWriter w = store.writer("aborted/big")) {
            w.write(random(PART_SIZE * 3, 5));
            assertThat(s3store.client().listMultipartUploads(b -> b.bucket(bucket)).uploads())
                    .as("the upload is under way").hasSize(1);
        }

        assertThat(s3store.client().listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
        assertThat(store.list("")).isEmpty();
    }

    @Test
    void aWrongSecretIsInvalidInputNamingTheBucketWithoutTheSecret() throws IOException {
        String wrongSecret = "wrong-" + s3.secretKey();
        Map<String, String> config = Map.of("credentialsFile", credentials(s3.accessKey(), wrongSecret).toString());
        try (ObjectStore bad = new S3ObjectStore(S3Settings.from(spec(bucket, config)))) {
            for (ThrowingCallable call : new ThrowingCallable[] {() -> bad.put("k", bytes("v")),
                    () -> bad.list(""), () -> bad.exists("k"), () -> bad.getBytes("k"), () -> bad.delete("k")}) {
                assertThatThrownBy(call).isInstanceOf(ArcaException.InvalidInput.class)
                        .hasMessageStartingWith("access denied to s3 bucket " + bucket + " at " + s3.endpoint() + ": ")
                        .hasMessageEndingWith("; check the credentials")
                        .hasMessageNotContaining(wrongSecret).hasMessageNotContaining(s3.secretKey());
            }
        }
    }

    @Test
    void anUnknownAccessKeyIsInvalidInputNamingTheServersCode() throws IOException {
        Map<String, String> config = Map.of("credentialsFile", credentials("NOSUCHKEY", "whatever").toString());
        try (ObjectStore bad = new S3ObjectStore(S3Settings.from(spec(bucket, config)))) {
            assertThatThrownBy(() -> bad.list("")).isInstanceOf(ArcaException.InvalidInput.class)
                    .hasMessageContaining("InvalidAccessKeyId").hasMessageContaining("check the credentials")
                    .hasMessageNotContaining("whatever");
        }
    }

    @Test
    void aMissingBucketIsInvalidInputSayingToCreateItOrFixTheFlag() throws IOException {
        try (ObjectStore missing = new S3ObjectStore(S3Settings.from(spec("no-such-bucket", Map.of())))) {
            for (ThrowingCallable call : new ThrowingCallable[] {() -> missing.put("k", bytes("v")),
                    () -> missing.list(""), () -> missing.exists("k"), () -> missing.getBytes("k")}) {
                assertThatThrownBy(call).isInstanceOf(ArcaException.InvalidInput.class)
                        .hasMessage("s3 bucket no-such-bucket does not exist at " + s3.endpoint()
                                + "; create it or fix --bucket");
            }
        }
    }

    @Test
    void withoutACredentialsFileTheSdkDefaultChainIsUsed() throws IOException {
        // the chain reads Java system properties before AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY
        Map<String, String> config = new HashMap<>(Map.of("bucket", bucket, "endpoint", s3.endpoint()));
        System.setProperty("aws.accessKeyId", s3.accessKey());
        System.setProperty("aws.secretAccessKey", s3.secretKey());
        try (ObjectStore viaChain = new S3ObjectStore(S3Settings.from(new BackupLocationSpec("it", "s3", config, null)))) {
            viaChain.put("chain", bytes("ok"));

            assertThat(viaChain.getBytes("chain")).isEqualTo(bytes("ok"));
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }

    @Test
    void anUnreachableEndpointIsTransient() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, String> config = new HashMap<>(Map.of("endpoint", "http://127.0.0.1:" + closedPort));
        try (ObjectStore unreachable = new S3ObjectStore(S3Settings.from(spec(bucket, config)))) {
            assertThatThrownBy(() -> unreachable.list("")).isInstanceOf(ArcaException.Transient.class)
                    .hasMessageContaining("s3 bucket " + bucket + " at http://127.0.0.1:" + closedPort);
        }
    }

    @Test
    void aLocationOpensThroughItsProviderAndRoundTrips() throws IOException {
        BackupLocationSpec spec = spec(bucket, Map.of("prefix", "via-provider"));
        try (ObjectStore opened = ObjectStores.open(spec)) {
            opened.put("backups/b/backup.json", bytes("{\"ok\":true}"));

            assertThat(opened.getBytes("backups/b/backup.json")).isEqualTo(bytes("{\"ok\":true}"));
            assertThat(opened.describe()).isEqualTo("s3 bucket " + bucket + "/via-provider at " + s3.endpoint());
        }
    }

    @Test
    void checksumsWhenSupportedWorkForPutAndMultipartUploads() throws IOException {
        try (ObjectStore checked = new S3ObjectStore(S3Settings.from(spec(bucket, Map.of("checksum", "when_supported"))),
                PART_SIZE)) {
            byte[] big = random(PART_SIZE * 2 + 3, 11);
            checked.put("small", bytes("s"));
            try (ObjectWriter w = checked.writer("big")) {
                w.write(big);
                w.commit();
            }

            assertThat(checked.getBytes("small")).isEqualTo(bytes("s"));
            assertThat(checked.getBytes("big")).isEqualTo(big);
        }
    }

    /** A location on the test server, with credentials from a shared-credentials file unless config names another. */
    private BackupLocationSpec spec(String bucketName, Map<String, String> extra) throws IOException {
        Map<String, String> config = new HashMap<>();
        config.put("bucket", bucketName);
        config.put("endpoint", s3.endpoint());
        config.put("credentialsFile", credentials(s3.accessKey(), s3.secretKey()).toString());
        config.putAll(extra);
        return new BackupLocationSpec("it", "s3", config, null);
    }

    private Path credentials(String accessKey, String secretKey) throws IOException {
        Path file = Files.createTempFile(dir, "credentials", "");
        return Files.writeString(file, "[default]\naws_access_key_id = " + accessKey
                + "\naws_secret_access_key = " + secretKey + "\n");
    }
}
