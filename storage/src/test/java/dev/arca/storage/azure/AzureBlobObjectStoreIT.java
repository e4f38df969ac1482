package dev.arca.storage.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.BlockListType;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.sas.BlobContainerSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import dev.arca.api.ArcaException;
import dev.arca.api.BackupLocationSpec;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.ObjectStore.ObjectInfo;
import dev.arca.storage.ObjectStoreContract;
import dev.arca.storage.ObjectStores;
import dev.arca.storage.ObjectWriter;
import dev.arca.testkit.azure.AzuriteExtension;
import dev.arca.testkit.azure.AzuriteServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The object store contract and Azure's own failure modes, against a real Azurite on loopback. */
@ExtendWith(AzuriteExtension.class)
class AzureBlobObjectStoreIT extends ObjectStoreContract {
    /** Small blocks, so that the contract's multi-part writes stage several blocks. */
    private static final int BLOCK_SIZE = AzureBlobObjectStore.MIN_BLOCK_SIZE * 4;
    /** Small pages, so that the contract's 1,100 keys are listed over many pages. */
    private static final int PAGE_SIZE = 100;
    private static final String PREFIX = "team/arca";

    private final AzuriteServer azurite;
    private final BlobServiceClient service;
    @TempDir
    Path dir;
    private String containerName;
    private BlobContainerClient container;

    AzureBlobObjectStoreIT(AzuriteServer azurite) {
        this.azurite = azurite;
        this.service = new BlobServiceClientBuilder().connectionString(azurite.connectionString()).buildClient();
    }

    @Override
    protected ObjectStore createStore() throws IOException {
        containerName = "contract-" + UUID.randomUUID().toString().substring(0, 8);
        container = service.createBlobContainer(containerName);
        return open(Map.of("prefix", PREFIX), Map.of());
    }

    @Override
    protected int partSize() {
        return BLOCK_SIZE;
    }

    @Test
    void keysGoUnderThePrefixAndDescribeNamesContainerPrefixAndEndpointOnly() {
        store.put("backups/x/backup.json", bytes("{}"));

        assertThat(container.listBlobs()).extracting(BlobItem::getName).containsExactly(PREFIX + "/backups/x/backup.json");
        assertThat(store.describe())
                .isEqualTo("azure container " + containerName + "/" + PREFIX + " at " + azurite.endpoint())
                .doesNotContain(azurite.accountKey());
    }

    @Test
    void aStreamingWriteStagesOneBlockPerBlockSizeAndCommitsThemInOrder() throws IOException {
        byte[] data = random(BLOCK_SIZE * 3 + 10, 21);
        try (ObjectWriter w = store.writer("blocks/object")) {
            w.write(data);
            w.commit();
        }
        store.put("blocks/put", data);

        for (String name : new String[] {"blocks/object", "blocks/put"}) {
            var blob = container.getBlobClient(PREFIX + "/" + name).getBlockBlobClient();
            assertThat(blob.listBlocks(BlockListType.COMMITTED).getCommittedBlocks())
                    .extracting(b -> b.getSizeLong()).containsExactly((long) BLOCK_SIZE, (long) BLOCK_SIZE,
                            (long) BLOCK_SIZE, 10L);
            assertThat(store.getBytes(name)).isEqualTo(data);
        }
    }

    @Test
    void aWriterClosedWithoutCommitLeavesOnlyUncommittedBlocksThatALaterWriteDoesNotPickUp() throws IOException {
        var blob = container.getBlobClient(PREFIX + "/aborted/big").getBlockBlobClient();
        try (ObjectWriter w = store.writer("aborted/big")) {
            w.write(random(BLOCK_SIZE * 3 + 1, 5));
        }

        assertThat(blob.listBlocks(BlockListType.ALL).getUncommittedBlocks()).as("staged, never committed").hasSize(3);
        assertThat(store.exists("aborted/big")).isFalse();
        assertThat(store.list("")).isEmpty();
        assertThat(container.listBlobs()).as("no committed blob").isEmpty();

        try (ObjectWriter w = store.writer("aborted/big")) {
            w.write(bytes("the real one"));
            w.commit();
        }
        assertThat(store.getBytes("aborted/big")).isEqualTo(bytes("the real one"));
    }

    @Test
    void aWrongKeyIsInvalidInputNamingTheContainerWithoutTheKey() throws IOException {
        byte[] random = new byte[64];
        new Random(3).nextBytes(random);
        String wrongKey = Base64.getEncoder().encodeToString(random);
        try (ObjectStore bad = open(Map.of("accountKeyFile", secretFile(wrongKey).toString()), Map.of())) {
            assertEveryCallIsDeniedWithout(bad, wrongKey);
        }
    }

    @Test
    void aMissingContainerIsInvalidInputSayingToCreateItOrFixTheFlag() throws IOException {
        containerName = "no-such-container";
        try (ObjectStore missing = open(Map.of(), Map.of())) {
            for (ThrowingCallable call : new ThrowingCallable[] {() -> missing.put("k", bytes("v")),
                    () -> missing.list(""), () -> missing.exists("k"), () -> missing.getBytes("k"),
                    () -> missing.get("k"), () -> missing.delete("k"), () -> commit(missing, BLOCK_SIZE * 2)}) {
                assertThatThrownBy(call).isInstanceOf(ArcaException.InvalidInput.class)
                        .hasMessage("azure container no-such-container does not exist at " + azurite.endpoint()
                                + "; create it or fix --container");
            }
        }
    }

    @Test
    void aSasTokenFromAFileGrantsWhatItsPermissionsAllow() throws IOException {
        String sas = sas(new BlobContainerSasPermission().setReadPermission(true).setWritePermission(true)
                .setListPermission(true).setDeletePermission(true));
        Map<String, String> config = Map.of("sasTokenFile", secretFile("?" + sas + "\n").toString());
        try (ObjectStore viaSas = open(config, Map.of())) {
            viaSas.put("sas/small", bytes("s"));
            commit(viaSas, BLOCK_SIZE * 2 + 1);
            viaSas.delete("sas/small");

            assertThat(viaSas.list("")).extracting(ObjectInfo::key).containsExactly("sas/big");
            assertThat(viaSas.exists("sas/small")).isFalse();
            assertThat(viaSas.describe()).doesNotContain(sas).doesNotContain("sig=");
        }
    }

    @Test
    void aReadOnlySasIsDeniedWritesAndAForgedOneEverything() throws IOException {
        store.put("k", bytes("v"));
        String readOnly = sas(new BlobContainerSasPermission().setReadPermission(true).setListPermission(true));
        try (ObjectStore reader = open(Map.of("sasTokenFile", secretFile(readOnly).toString(), "prefix", PREFIX),
                Map.of())) {
            assertThat(reader.getBytes("k")).isEqualTo(bytes("v"));
            assertThatThrownBy(() -> reader.put("k", bytes("w"))).isInstanceOf(ArcaException.InvalidInput.class)
                    .hasMessageStartingWith("access denied to azure container " + containerName)
                    .hasMessageNotContaining(readOnly);
        }
        String forgedSignature = URLEncoder.encode(Base64.getEncoder().encodeToString(new byte[32]), StandardCharsets.UTF_8);
        String forged = readOnly.replaceFirst("sig=[^&]+", "sig=" + forgedSignature);
        try (ObjectStore bad = open(Map.of("sasTokenFile", secretFile(forged).toString()), Map.of())) {
            assertEveryCallIsDeniedWithout(bad, forged);
        }
    }

    @Test
    void credentialsComeFromTheEnvironmentWhenNoFileIsSet() throws IOException {
        Map<String, String> config = Map.of("accountKeyFile", "");
        String sas = sas(new BlobContainerSasPermission().setReadPermission(true).setWritePermission(true));
        try (ObjectStore viaKey = open(config, Map.of(AzureCredential.ENV_KEY, azurite.accountKey()));
             ObjectStore viaSas = open(config, Map.of(AzureCredential.ENV_SAS, sas))) {
            viaKey.put("env/key", bytes("k"));
            viaSas.put("env/sas", bytes("s"));

            assertThat(viaSas.getBytes("env/key")).isEqualTo(bytes("k"));
            assertThat(viaKey.getBytes("env/sas")).isEqualTo(bytes("s"));
        }
    }

    @Test
    void anUnreachableEndpointIsTransient() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String endpoint = "http://127.0.0.1:" + closedPort + "/" + azurite.account();
        try (ObjectStore unreachable = open(Map.of("endpoint", endpoint), Map.of())) {
            assertThatThrownBy(() -> unreachable.list("")).isInstanceOf(ArcaException.Transient.class)
                    .hasMessageContaining("azure container " + containerName + " at " + endpoint);
        }
    }

    @Test
    void aLocationOpensThroughItsProviderAndRoundTrips() throws IOException {
        Map<String, String> config = new HashMap<>(Map.of("container", containerName, "prefix", "via-provider",
                "endpoint", azurite.endpoint(), "accountKeyFile", secretFile(azurite.accountKey()).toString()));
        try (ObjectStore opened = ObjectStores.open(new BackupLocationSpec("it", "azure", config, null))) {
            opened.put("backups/b/backup.json", bytes("{\"ok\":true}"));

            assertThat(opened.getBytes("backups/b/backup.json")).isEqualTo(bytes("{\"ok\":true}"));
            assertThat(opened.describe())
                    .isEqualTo("azure container " + containerName + "/via-provider at " + azurite.endpoint());
        }
        assertThat(container.listBlobs(new ListBlobsOptions().setPrefix("via-provider/")
                .setDetails(new BlobListDetails().setRetrieveUncommittedBlobs(true)), null))
                .extracting(BlobItem::getName).containsExactly("via-provider/backups/b/backup.json");
    }

    private void assertEveryCallIsDeniedWithout(ObjectStore bad, String secret) {
        for (ThrowingCallable call : new ThrowingCallable[] {() -> bad.put("k", bytes("v")), () -> bad.list(""),
                () -> bad.exists("k"), () -> bad.getBytes("k"), () -> bad.get("k"), () -> bad.delete("k"),
                () -> commit(bad, BLOCK_SIZE * 2)}) {
            assertThatThrownBy(call).isInstanceOf(ArcaException.InvalidInput.class)
                    .hasMessageStartingWith("access denied to azure container " + containerName + " at "
                            + azurite.endpoint() + ": ")
                    .hasMessageEndingWith("; check the credentials")
                    .hasMessageNotContaining(secret).hasMessageNotContaining(azurite.accountKey());
        }
    }

    /** Streams {@code size} bytes through a writer to {@code sas/big} and commits them. */
    private static void commit(ObjectStore target, int size) throws IOException {
        try (ObjectWriter w = target.writer("sas/big")) {
            w.write(random(size, 13));
            w.commit();
        }
    }

    /** A SAS for the test's container, valid for an hour, signed with the account key. */
    private String sas(BlobContainerSasPermission permissions) {
        return container.generateSas(new BlobServiceSasSignatureValues(OffsetDateTime.now().plusHours(1), permissions));
    }

    /**
     * A store on the test's container: shared key from a file unless {@code extra} names other
     * credentials (an empty value drops a setting); {@code env} stands in for the process environment.
     */
    private ObjectStore open(Map<String, String> extra, Map<String, String> env) throws IOException {
        Map<String, String> config = new HashMap<>();
        config.put("container", containerName);
        config.put("endpoint", azurite.endpoint());
        if (!extra.containsKey("sasTokenFile")) {
            config.put("accountKeyFile", secretFile(azurite.accountKey()).toString());
        }
        config.putAll(extra);
        AzureSettings settings = AzureSettings.from(new BackupLocationSpec("it", "azure", config, null), Map.of());
        return new AzureBlobObjectStore(settings, BLOCK_SIZE, env, PAGE_SIZE);
    }

    private Path secretFile(String secret) throws IOException {
        return Files.writeString(Files.createTempFile(dir, "secret", ""), secret);
    }
}
