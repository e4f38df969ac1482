package dev.arca.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.server.http.BindAddress;
import dev.arca.server.http.ServerHttp;
import dev.arca.server.resources.BackupPhase;
import dev.arca.testkit.ServerSupport;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian's {@code /usr/bin/prometheus}, its own config and storage in a temp
 * directory, on a free loopback port) scrapes a {@link ServerHttp} every second; PromQL through its
 * HTTP API sees what {@link ServerMetrics} recorded. It also loads the shipped alert rules.
 */
class PrometheusScrapeIT {
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final ServerMetrics metrics = new ServerMetrics(Clock.systemUTC());
    private static ServerHttp http;
    private static Process prometheus;
    private static Path log;
    private static String api;

    @BeforeAll
    static void start(@TempDir Path dir) throws IOException {
        assertThat(PROMETHEUS).as("prometheus, from Debian's prometheus package: apt-get install prometheus (scripts/test does)")
                .isExecutable();
        http = ServerHttp.start(BindAddress.parse("127.0.0.1:0"), metrics::scrape, () -> true, () -> true);
        try (InputStream rules = PrometheusScrapeIT.class.getResourceAsStream("/alerts/arca-rules.yaml")) {
            Files.copy(rules, dir.resolve("arca-rules.yaml"));
        }
        Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - arca-rules.yaml
                scrape_configs:
                  - job_name: arca
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(http.port()));
        int port = ServerSupport.freeLoopbackPort();
        api = "http://127.0.0.1:" + port;
        log = dir.resolve("prometheus.log");
        prometheus = new ProcessBuilder(PROMETHEUS.toString(),
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Awaitility.await("Prometheus ready on " + api + " (log: " + log + ")").atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> get("/-/ready").statusCode() == 200);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        try {
            if (prometheus != null) {
                prometheus.destroy();
                if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                    prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } finally {
            if (http != null) {
                http.close();
            }
        }
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The instant vector of a PromQL query, as schedule label → value ({@code ""} when the label is empty). */
    private static Map<String, Double> query(String promql) throws IOException, InterruptedException {
        HttpResponse<String> response = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<String, Double> bySchedule = new TreeMap<>();
        for (JsonNode sample : JSON.readTree(response.body()).path("data").path("result")) {
            bySchedule.put(sample.path("metric").path("schedule").asText(""), sample.path("value").get(1).asDouble());
        }
        return bySchedule;
    }

    private static void backup(String schedule, BackupPhase phase) {
        metrics.backupStarted(schedule, "default");
        metrics.backupFinished(schedule, "default", phase, Duration.ofSeconds(30), 120, 4096, 1.0);
    }

    @Test
    void prometheusCountsSuccessfulBackupsPerScheduleFromTheScrapes() throws Exception {
        for (int i = 0; i < 3; i++) {
            backup("nightly", BackupPhase.Completed);
        }
        backup("nightly", BackupPhase.Failed);
        backup("weekly", BackupPhase.Completed);
        backup(null, BackupPhase.Completed);
        backup(null, BackupPhase.Completed);

        String successes = "sum by (schedule) (arca_backup_success_total{job=\"arca\"})";
        Awaitility.await("success counts scraped by Prometheus (log: " + log + ")").atMost(WAIT)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> query(successes), Map.of("", 2.0, "nightly", 3.0, "weekly", 1.0)::equals);

        backup("nightly", BackupPhase.Completed);
        Awaitility.await("the next scrape's count").atMost(WAIT).pollInterval(Duration.ofMillis(500))
                .until(() -> query(successes).get("nightly"), v -> v != null && v == 4.0);
        assertThat(query("sum by (schedule) (arca_backup_failure_total{job=\"arca\"})"))
                .isEqualTo(Map.of("", 0.0, "nightly", 1.0, "weekly", 0.0));
    }

    @Test
    void prometheusLoadsTheShippedAlertRulesAndEvaluatesThemWithoutError() throws Exception {
        Awaitility.await("the arca rule group evaluated (log: " + log + ")").atMost(WAIT).pollInterval(Duration.ofMillis(500))
                .until(() -> JSON.readTree(get("/api/v1/rules").body()).path("data").path("groups"),
                        groups -> groups.size() == 1 && groups.get(0).path("lastEvaluation").asText().compareTo("2000") > 0);
        JsonNode rules = JSON.readTree(get("/api/v1/rules").body()).path("data").path("groups").get(0).path("rules");
        assertThat(rules.size()).isEqualTo(5);
        for (JsonNode rule : rules) {
            assertThat(rule.path("health").asText()).as(rule.path("name").asText() + ": " + rule.path("lastError")).isEqualTo("ok");
        }
    }
}
