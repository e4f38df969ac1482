package dev.arca.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServerHttpTest {
    private final HttpClient client = HttpClient.newHttpClient();
    private final AtomicBoolean live = new AtomicBoolean(true);
    private final AtomicBoolean ready = new AtomicBoolean(false);
    private ServerHttp http;

    @AfterEach
    void stop() {
        if (http != null) {
            http.close();
        }
    }

    private HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private void start() {
        http = ServerHttp.start(BindAddress.parse("127.0.0.1:0"), () -> "arca_backup_total 3.0\n", live::get, ready::get);
    }

    @Test
    void bindsAnEphemeralLoopbackPortAndServesPrometheusText() throws Exception {
        start();
        assertThat(http.port()).isPositive();
        assertThat(http.address().getAddress().isLoopbackAddress()).isTrue();

        HttpResponse<String> metrics = send("GET", "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValue(ServerHttp.METRICS_TYPE);
        assertThat(metrics.body()).isEqualTo("arca_backup_total 3.0\n");
    }

    @Test
    void readyzAnswers503WithOneLineUntilTheCachesHaveSyncedThen200() throws Exception {
        start();
        HttpResponse<String> notYet = send("GET", "/readyz");
        assertThat(notYet.statusCode()).isEqualTo(503);
        assertThat(notYet.body()).isEqualTo("not ready: the controllers' caches have not synced yet\n");

        ready.set(true);
        assertThat(send("GET", "/readyz").statusCode()).isEqualTo(200);
    }

    @Test
    void healthzFollowsItsCheck() throws Exception {
        start();
        assertThat(send("GET", "/healthz").statusCode()).isEqualTo(200);
        live.set(false);
        HttpResponse<String> stuck = send("GET", "/healthz");
        assertThat(stuck.statusCode()).isEqualTo(503);
        assertThat(stuck.body()).startsWith("not live").doesNotContain("\n\n");
    }

    @Test
    void aFailingCheckOrScrapeNeverServesTheExceptionsMessage() throws Exception {
        http = ServerHttp.start(BindAddress.parse("127.0.0.1:0"),
                () -> { throw new IllegalStateException("token=s3cr3t"); },
                () -> { throw new IllegalStateException("password=hunter2"); }, ready::get);

        PrintStream stderr = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        HttpResponse<String> health;
        HttpResponse<String> metrics;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            health = send("GET", "/healthz");
            metrics = send("GET", "/metrics");
        } finally {
            System.setErr(stderr);
        }

        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).contains("IllegalStateException").doesNotContain("hunter2");
        assertThat(metrics.statusCode()).isEqualTo(500);
        assertThat(metrics.body()).contains("IllegalStateException").doesNotContain("s3cr3t");
        assertThat(log.toString(StandardCharsets.UTF_8)).as("the log (slf4j-simple writes to stderr)")
                .contains("/healthz check failed: java.lang.IllegalStateException at ")
                .doesNotContain("hunter2").doesNotContain("s3cr3t");
    }

    @Test
    void otherMethodsAndPathsAreRefused() throws Exception {
        start();
        HttpResponse<String> post = send("POST", "/metrics");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        assertThat(send("GET", "/debug").statusCode()).isEqualTo(404);
        assertThat(send("HEAD", "/healthz").statusCode()).isEqualTo(200);
    }

    @Test
    void closingReleasesThePort() throws Exception {
        start();
        int port = http.port();
        http.close();
        http = ServerHttp.start(BindAddress.parse("127.0.0.1:" + port), () -> "", live::get, ready::get);
        assertThat(http.port()).isEqualTo(port);
    }
}
