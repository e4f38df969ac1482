package dev.arca.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.arca.api.BackupLocationSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * createIfAbsent against a server without conditional writes, through the SDK's real HTTP stack:
 * a loopback HTTP server that keeps objects in a map and answers 501 NotImplemented to any PUT
 * carrying If-None-Match, as some S3-compatible servers do. It is no S3: it only knows PUT and HEAD.
 */
class S3NoConditionalWritesTest {
    private static final String BUCKET = "bkt";

    @TempDir
    Path dir;
    private HttpServer server;
    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

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
    void aServerAnswering501ToIfNoneMatchStillGetsObjectsCreatedOnceByACheckThenAWrite() throws IOException {
        try (S3ObjectStore store = new S3ObjectStore(S3Settings.from(spec()))) {
            assertThat(store.createIfAbsent("backups/b/writer.json", bytes("first"))).isTrue();
            assertThat(store.getBytes("backups/b/writer.json")).isEqualTo(bytes("first"));

            assertThat(store.createIfAbsent("backups/b/writer.json", bytes("second"))).as("it exists now").isFalse();
            assertThat(objects.get("/bkt/p/backups/b/writer.json")).as("never overwritten").isEqualTo(bytes("first"));

            assertThat(store.createIfAbsent("backups/c/writer.json", bytes("third"))).isTrue();
        }
        assertThat(requests).filteredOn(r -> r.startsWith("PUT") && r.endsWith("If-None-Match: *"))
                .as("tried conditionally once; the store remembers the server's answer")
                .containsExactly("PUT /bkt/p/backups/b/writer.json If-None-Match: *");
        assertThat(requests).filteredOn(r -> r.startsWith("PUT") && !r.contains("If-None-Match"))
                .containsExactly("PUT /bkt/p/backups/b/writer.json", "PUT /bkt/p/backups/c/writer.json");
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
            byte[] body = exchange.getRequestBody().readAllBytes();
            String sha = exchange.getRequestHeaders().getFirst("x-amz-content-sha256");
            if (sha != null && sha.startsWith("STREAMING-")) {
                body = unchunk(body);
            }
            String method = exchange.getRequestMethod();
            requests.add(method + " " + path + (ifNoneMatch == null ? "" : " If-None-Match: " + ifNoneMatch));
            if (method.equals("PUT") && ifNoneMatch != null) {
                reply(exchange, 501, "<Error><Code>NotImplemented</Code><Message>A header you provided implies functionality"
                        + " that is not implemented</Message></Error>");
            } else if (method.equals("PUT")) {
                objects.put(path, body);
                exchange.getResponseHeaders().add("ETag", "\"e\"");
                reply(exchange, 200, "");
            } else if (method.equals("HEAD")) {
                byte[] object = path.equals("/" + BUCKET) ? new byte[0] : objects.get(path);
                if (object != null) {
                    exchange.getResponseHeaders().add("Content-Length", Integer.toString(object.length));
                }
                exchange.sendResponseHeaders(object == null ? 404 : 200, -1);
            } else if (method.equals("GET") && objects.containsKey(path)) {
                exchange.sendResponseHeaders(200, objects.get(path).length);
                exchange.getResponseBody().write(objects.get(path));
            } else {
                reply(exchange, 400, "<Error><Code>InvalidRequest</Code><Message>not in this test</Message></Error>");
            }
        }
    }

    /** The payload of an aws-chunked body: "size-in-hex;chunk-signature=...\r\n" data "\r\n", until a chunk of size 0. */
    private static byte[] unchunk(byte[] chunked) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int lineEnd = indexOfCrLf(chunked, at);
            String header = new String(chunked, at, lineEnd - at, StandardCharsets.US_ASCII);
            int size = Integer.parseInt(header.split(";", 2)[0], 16);
            if (size == 0) {
                return out.toByteArray();
            }
            out.write(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }

    private static int indexOfCrLf(byte[] bytes, int from) {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        throw new IllegalStateException("no line end in an aws-chunked body after byte " + from);
    }

    private static void reply(HttpExchange exchange, int status, String xml) throws IOException {
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/xml");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
    }

    private BackupLocationSpec spec() throws IOException {
        Path credentials = Files.writeString(dir.resolve("credentials"),
                "[default]\naws_access_key_id = AKIDTEST\naws_secret_access_key = not-a-secret\n");
        return new BackupLocationSpec("no-cond", "s3", Map.of("bucket", BUCKET, "prefix", "p",
                "endpoint", "http://127.0.0.1:" + server.getAddress().getPort(), "credentialsFile", credentials.toString()), null);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
