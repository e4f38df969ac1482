package dev.arca.storage.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.arca.api.ArcaException;
import dev.arca.api.BackupLocationSpec;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.ObjectStore.ObjectInfo;
import dev.arca.storage.ObjectStores;
import dev.arca.storage.ObjectWriter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native provider's wiring and failure modes through the library's real HTTP stack: the
 * service-account key file, the endpoint override and the error mapping, against a loopback HTTP
 * server that gives CANNED answers (a token, then one fixed status and body for every request). It
 * is no GCS: it stores nothing, and exists only because no GCS server runs here.
 */
class GcsObjectStoreHttpTest {
    private static final String BUCKET = "bkt";
    private static final String TOKEN = "ya29.canned-test-token";

    @TempDir
    Path dir;
    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String body = "{}";
    private volatile int tokenStatus = 200;
    private String privateKey;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void aLocationOpensThroughTheGcsProviderAndUsesTheServiceAccountKey() throws IOException {
        body = "{\"kind\":\"storage#objects\",\"items\":[{\"bucket\":\"bkt\",\"name\":\"team/arca/backups/a/backup.json\","
                + "\"size\":\"12\"},{\"bucket\":\"bkt\",\"name\":\"team/arca/backups/folder/\",\"size\":\"0\"}]}";
        BackupLocationSpec spec = new BackupLocationSpec("gcs-it", "gcs", Map.of("bucket", BUCKET, "prefix", "team/arca",
                "endpoint", endpoint(), "credentialsFile", keyFile().toString()), null);

        try (ObjectStore opened = ObjectStores.open(spec)) {
            assertThat(opened.list("backups/")).containsExactly(new ObjectInfo("backups/a/backup.json", 12));
            assertThat(opened.describe()).isEqualTo("gcs bucket bkt/team/arca at " + endpoint());
        }
        assertThat(requests).anySatisfy(r -> assertThat(r).startsWith("POST /token"));
        assertThat(requests).anySatisfy(r -> assertThat(r).startsWith("GET /storage/v1/b/bkt/o?")
                .contains("prefix=team/arca/backups/").endsWith("Bearer " + TOKEN));
    }

    @Test
    void forbiddenAndUnauthorizedAnswersAreInvalidInputNamingTheStoreWithoutSecrets() throws IOException {
        status = 403;
        body = error(403, "arca@arca-test.iam.gserviceaccount.com does not have storage.objects.list access", "forbidden");
        try (ObjectStore store = store()) {
            for (Map.Entry<String, ThrowingCallable> call : everyOperation(store).entrySet()) {
                assertThatThrownBy(call.getValue()).as(call.getKey()).isInstanceOf(ArcaException.InvalidInput.class)
                        .hasMessageStartingWith("access denied to gcs bucket bkt at " + endpoint() + ": HTTP 403")
                        .hasMessageEndingWith("; check the service-account credentials")
                        .hasMessageNotContaining(TOKEN).hasMessageNotContaining(privateKey.substring(40, 80));
            }
            status = 401;
            body = error(401, "Invalid Credentials", "authError");
            assertThatThrownBy(() -> store.list("")).isInstanceOf(ArcaException.InvalidInput.class)
                    .hasMessage("access denied to gcs bucket bkt at " + endpoint()
                            + ": HTTP 401 authError: Invalid Credentials; check the service-account credentials");
        }
    }

    @Test
    void aMissingBucketIsInvalidInputSayingToCreateIt() throws IOException {
        status = 404;
        body = error(404, "The specified bucket does not exist.", "notFound");
        try (ObjectStore store = store()) {
            Map<String, ThrowingCallable> calls = everyOperation(store);
            calls.remove("delete"); // deleting in a missing bucket deletes nothing, as deleting a missing key does
            for (Map.Entry<String, ThrowingCallable> call : calls.entrySet()) {
                assertThatThrownBy(call.getValue()).as(call.getKey()).isInstanceOf(ArcaException.InvalidInput.class)
                        .hasMessage("gcs bucket bkt does not exist at " + endpoint() + "; create it or fix the bucket");
            }
        }
    }

    @Test
    void serverErrorsAreTransient() throws IOException {
        status = 503;
        body = error(503, "Backend Error", "backendError");
        try (ObjectStore store = store()) {
            assertThatThrownBy(() -> store.list("")).isInstanceOf(ArcaException.Transient.class)
                    .hasMessage("cannot list keys under \"\" in gcs bucket bkt at " + endpoint()
                            + ": HTTP 503 backendError: Backend Error");
            assertThatThrownBy(() -> store.getBytes("k")).isInstanceOf(ArcaException.Transient.class);
        }
    }

    @Test
    void aKeyTheTokenEndpointRefusesIsInvalidInput() throws IOException {
        tokenStatus = 400;
        try (ObjectStore store = store()) {
            assertThatThrownBy(() -> store.list("")).isInstanceOf(ArcaException.InvalidInput.class)
                    .hasMessageStartingWith("access denied to gcs bucket bkt at " + endpoint() + ": ")
                    .hasMessageEndingWith("; check the service-account credentials")
                    .hasMessageNotContaining(privateKey.substring(40, 80));
        }
    }

    @Test
    void anUnreachableEndpointIsTransient() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        GcsSettings settings = new GcsSettings(BUCKET, "", keyFile(), null,
                java.net.URI.create("http://127.0.0.1:" + closedPort));
        try (ObjectStore store = new GcsObjectStore(settings, GcsClients.connect(settings, 1), GcsObjectStore.MIN_CHUNK_SIZE)) {
            assertThatThrownBy(() -> store.list("")).isInstanceOf(ArcaException.Transient.class)
                    .hasMessageContaining("gcs bucket bkt at http://127.0.0.1:" + closedPort);
        }
    }

    @Test
    void aMissingOrMalformedKeyFileIsInvalidInputThatNeverQuotesTheFile() throws IOException {
        Path missing = dir.resolve("missing.json");
        Path malformed = Files.writeString(dir.resolve("bad.json"),
                "{\"type\":\"service_account\",\"private_key\":\"-----BEGIN PRIVATE KEY-----\\nSECRETSECRET\\n\"");

        assertThatThrownBy(() -> GcsClients.connect(new GcsSettings(BUCKET, "", missing, null, null), 1))
                .isInstanceOf(ArcaException.InvalidInput.class).hasMessageContaining("does not exist or cannot be read");
        assertThatThrownBy(() -> GcsClients.connect(new GcsSettings(BUCKET, "", malformed, null, null), 1))
                .isInstanceOf(ArcaException.InvalidInput.class).hasMessageContaining("is not a service-account JSON key")
                .hasMessageNotContaining("SECRET").hasNoCause();
    }

    @Test
    void onlyACommittedWriterFinalizesItsResumableUpload() throws IOException {
        byte[] data = "fifteen bytes!!".getBytes(StandardCharsets.UTF_8);
        try (ObjectStore store = store()) {
            try (ObjectWriter abandoned = store.writer("abandoned")) {
                abandoned.write(data);
            }
            assertThat(requests).as("the upload starts, but is never finalized")
                    .anySatisfy(r -> assertThat(r).startsWith("POST /upload/storage/v1/b/bkt/o?name=abandoned"))
                    .noneSatisfy(r -> assertThat(r).startsWith("PUT "));

            body = "{\"bucket\":\"bkt\",\"name\":\"committed\",\"size\":\"15\",\"generation\":\"1\"}";
            try (ObjectWriter committed = store.writer("committed")) {
                committed.write(data);
                committed.commit();
            }
        }

        assertThat(requests).filteredOn(r -> r.startsWith("PUT ")).singleElement().asString()
                .startsWith("PUT /upload-session/committed").contains("range bytes 0-14/15");
    }

    @Test
    void createIfAbsentAsksForGenerationZeroAndTakesA412AsAnExistingObject() throws IOException {
        body = "{\"bucket\":\"bkt\",\"name\":\"repository/keys.json\",\"size\":\"3\",\"generation\":\"1\"}";
        try (ObjectStore store = store()) {
            assertThat(store.createIfAbsent("repository/keys.json", new byte[] {1, 2, 3})).isTrue();
            status = 412;
            body = error(412, "At least one of the pre-conditions you specified did not hold.", "conditionNotMet");
            assertThat(store.createIfAbsent("repository/keys.json", new byte[] {4})).isFalse();
        }

        assertThat(requests).filteredOn(r -> r.startsWith("POST /upload/storage/v1/b/bkt/o?")).hasSize(2)
                .allSatisfy(r -> assertThat(r).contains("ifGenerationMatch=0"));
    }

    /** put, createIfAbsent, list, exists, getBytes, delete, writer + commit, by name. */
    private static Map<String, ThrowingCallable> everyOperation(ObjectStore store) {
        Map<String, ThrowingCallable> calls = new LinkedHashMap<>();
        calls.put("put", () -> store.put("k", new byte[] {1}));
        calls.put("createIfAbsent", () -> store.createIfAbsent("k", new byte[] {1}));
        calls.put("list", () -> store.list(""));
        calls.put("exists", () -> store.exists("k"));
        calls.put("getBytes", () -> store.getBytes("k"));
        calls.put("delete", () -> store.delete("k"));
        calls.put("writer", () -> {
            try (ObjectWriter w = store.writer("w")) {
                w.write(new byte[] {1});
                w.commit();
            }
        });
        return calls;
    }

    private GcsObjectStore store() throws IOException {
        GcsSettings settings = new GcsSettings(BUCKET, "", keyFile(), null, java.net.URI.create(endpoint()));
        return new GcsObjectStore(settings, GcsClients.connect(settings, 1), GcsObjectStore.MIN_CHUNK_SIZE);
    }

    private String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A service-account key with a fresh RSA key, whose token endpoint is the canned server. */
    private Path keyFile() throws IOException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(generator.generateKeyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
            privateKey = pem.replace("\n", "");
            String json = "{\"type\":\"service_account\",\"project_id\":\"arca-test\",\"private_key_id\":\"k1\","
                    + "\"private_key\":\"" + pem.replace("\n", "\\n") + "\",\"client_email\":\"arca@arca-test.iam"
                    + ".gserviceaccount.com\",\"client_id\":\"1\",\"token_uri\":\"" + endpoint() + "/token\"}";
            return Files.writeString(dir.resolve("sa-" + System.nanoTime() + ".json"), json);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String error(int code, String message, String reason) {
        return "{\"error\":{\"code\":" + code + ",\"message\":\"" + message + "\",\"errors\":[{\"message\":\"" + message
                + "\",\"domain\":\"global\",\"reason\":\"" + reason + "\"}]}}";
    }

    private void answer(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        String range = exchange.getRequestHeaders().getFirst("Content-Range");
        requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + (range == null ? "" : " range " + range)
                + " " + auth);
        if (exchange.getRequestURI().getPath().startsWith("/upload/") && status == 200) {
            // a resumable upload starts: the session URI is where its bytes go, in PUTs
            String name = exchange.getRequestURI().getQuery().replaceAll(".*name=([^&]*).*", "$1");
            exchange.getResponseHeaders().add("Location", endpoint() + "/upload-session/" + name);
        }
        boolean token = exchange.getRequestURI().getPath().equals("/token");
        int code = token ? tokenStatus : status;
        String answer = !token ? body : code == 200
                ? "{\"access_token\":\"" + TOKEN + "\",\"expires_in\":3600,\"token_type\":\"Bearer\"}"
                : "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}";
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
        exchange.sendResponseHeaders(code, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
