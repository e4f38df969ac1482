package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arca.server.controller.ArcaServer;
import dev.arca.server.resources.Backup;
import dev.arca.server.resources.BackupLocation;
import dev.arca.server.resources.BackupLocationResourceSpec;
import dev.arca.server.resources.BackupPhase;
import dev.arca.server.resources.BackupResourceSpec;
import dev.arca.server.resources.Crds;
import dev.arca.server.resources.LocationProvider;
import dev.arca.server.resources.SecretKeyRef;
import dev.arca.testkit.kube.ControlPlaneExtension;
import dev.arca.testkit.kube.LocalControlPlane;
import dev.arca.testkit.kube.TestNamespace;
import dev.arca.testkit.s3.S3Server;
import dev.arca.testkit.s3.S3ServerExtension;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code arca server} processes against the real control plane and a real s3proxy: only the
 * one holding the Lease acts; kill -9 it in the middle of a backup (its upload stalled on a silent
 * network) and the other takes the Lease within 15 s, resumes the backup by taking over the dead
 * run's claim, and completes it with no manual action. A real Prometheus (Debian's) scrapes the
 * surviving server and counts that success.
 */
@ExtendWith({ControlPlaneExtension.class, S3ServerExtension.class})
class ServerProcessIT {
    private static final Path CLI = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    private final List<Process> processes = new ArrayList<>();
    @TempDir
    Path dir;

    @AfterEach
    void killAll() {
        processes.forEach(Process::destroyForcibly);
    }

    private Process server(LocalControlPlane cluster, String namespace, String identity) throws IOException {
        String classpath = CLI.resolve("target/arca-cli.jar") + File.pathSeparator + CLI.resolve("target/lib/*");
        ProcessBuilder pb = new ProcessBuilder("java", "-Xmx256m", "-cp", classpath, "dev.arca.cli.ArcaCommand", "server",
                "--kubeconfig", cluster.kubeconfig().toString(), "-n", namespace, "--identity", identity,
                "--metrics-address", "127.0.0.1:0", "--state-dir", dir.resolve("state-" + identity).toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve(identity + ".log").toFile());
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    private static String holder(KubernetesClient client, String namespace) {
        Lease lease = client.leases().inNamespace(namespace).withName(ArcaServer.LEASE).get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }

    @Test
    void onlyTheLeaderActsAndAfterItsKill9TheOtherResumesItsBackupToCompleted(LocalControlPlane cluster,
            KubernetesClient client, TestNamespace ns, S3Server s3) throws Exception {
        Crds.apply(client, "arca-test", Duration.ofSeconds(60));
        for (int i = 0; i < 20; i++) {
            client.configMaps().inNamespace(ns.name()).resource(new ConfigMapBuilder().withNewMetadata().withName("cm-" + i)
                    .endMetadata().addToData("k", "v" + i).build()).create();
        }
        String bucket = s3.createUniqueBucket("server");
        try (StallingProxy proxy = new StallingProxy(URI.create(s3.endpoint()).getPort(), "resources.tar.zst")) {
            location(client, ns.name(), bucket, proxy.endpoint(), s3);
            Process a = server(cluster, ns.name(), "server-a");
            await().atMost(Duration.ofSeconds(60)).until(() -> "server-a".equals(holder(client, ns.name())));
            server(cluster, ns.name(), "server-b");
            Thread.sleep(3_000);
            assertThat(holder(client, ns.name())).as("the second process waits").isEqualTo("server-a");

            backup(client, ns.name(), "resumed");
            await().atMost(Duration.ofSeconds(60)).until(proxy::stalledOne);
            Backup running = client.resources(Backup.class).inNamespace(ns.name()).withName("resumed").get();
            assertThat(running.getStatus().getPhase()).isEqualTo(BackupPhase.InProgress);
            assertThat(running.getStatus().getRunId()).startsWith("server-a-");
            String started = running.getStatus().getStartTimestamp();

            a.destroyForcibly().waitFor();
            long killed = System.nanoTime();
            proxy.stopStalling();
            await().atMost(Duration.ofSeconds(30)).until(() -> "server-b".equals(holder(client, ns.name())));
            assertThat(Duration.ofNanos(System.nanoTime() - killed)).as("failover time").isLessThan(Duration.ofSeconds(15));

            await().atMost(Duration.ofSeconds(90)).until(() -> {
                Backup b = client.resources(Backup.class).inNamespace(ns.name()).withName("resumed").get();
                return b.getStatus().getPhase() != BackupPhase.InProgress;
            });
            Backup done = client.resources(Backup.class).inNamespace(ns.name()).withName("resumed").get();
            assertThat(done.getStatus().getPhase()).as(Files.readString(dir.resolve("server-b.log"))).isEqualTo(BackupPhase.Completed);
            assertThat(done.getStatus().getRunId()).startsWith("server-b-");
            assertThat(done.getStatus().getStartTimestamp()).as("the first run's start is kept").isEqualTo(started);
            assertThat(done.getStatus().getProgress().getItemsBackedUp()).isGreaterThanOrEqualTo(21);
            assertThat(client.v1().events().inNamespace(ns.name()).list().getItems())
                    .anySatisfy(e -> assertThat(e.getReason() + " " + e.getMessage()).startsWith("Resumed").contains("server-a-"));

            int port = metricsPort(dir.resolve("server-b.log"));
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            assertThat(get(http, port, "/readyz").statusCode()).isEqualTo(200);
            assertThat(get(http, port, "/healthz").statusCode()).isEqualTo(200);
            String metrics = get(http, port, "/metrics").body();
            assertThat(metrics).containsPattern("arca_backup_success_total\\{[^}]*schedule=\"\"[^}]*\\} 1\\.0")
                    .contains("arca_backup_location_status_gauge");
            assertThat(prometheusCount(http, port, "sum(arca_backup_success_total)")).as("a real Prometheus scraping the server")
                    .isEqualTo(1.0);
        }
    }

    /**
     * Starts Debian's Prometheus (its own config and storage here, a free loopback port) scraping the
     * server on {@code target} every second, and returns the value of {@code promql} once it has one.
     */
    private double prometheusCount(java.net.http.HttpClient http, int target, String promql) throws Exception {
        Path prometheusDir = Files.createDirectories(dir.resolve("prometheus"));
        Files.writeString(prometheusDir.resolve("prometheus.yml"), "global:\n  scrape_interval: 1s\nscrape_configs:\n"
                + "  - job_name: arca\n    static_configs:\n      - targets: ['127.0.0.1:" + target + "']\n");
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Process prometheus = new ProcessBuilder("/usr/bin/prometheus", "--config.file=" + prometheusDir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + prometheusDir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(prometheusDir.resolve("log").toFile()).start();
        processes.add(prometheus);
        URI query = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
                + java.net.URLEncoder.encode(promql, java.nio.charset.StandardCharsets.UTF_8));
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        double[] value = new double[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            var result = json.readTree(http.send(java.net.http.HttpRequest.newBuilder(query).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body()).path("data").path("result");
            if (result.size() != 1) {
                return false;
            }
            value[0] = result.get(0).path("value").get(1).asDouble();
            return true;
        });
        return value[0];
    }

    private static int metricsPort(Path log) throws IOException {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("/healthz, /readyz on [^:]*:(\\d+)\\)").matcher(Files.readString(log));
        assertThat(m.find()).as("the server says where it serves metrics").isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static java.net.http.HttpResponse<String> get(java.net.http.HttpClient http, int port, String path)
            throws IOException, InterruptedException {
        return http.send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    private static void location(KubernetesClient client, String namespace, String bucket, String endpoint, S3Server s3) {
        client.secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata().withName("s3").endMetadata()
                .addToStringData("credentials", "[default]\naws_access_key_id = " + s3.accessKey()
                        + "\naws_secret_access_key = " + s3.secretKey() + "\n").build()).create();
        BackupLocationResourceSpec spec = new BackupLocationResourceSpec();
        spec.setProvider(LocationProvider.s3);
        spec.setBucket(bucket);
        spec.setEndpoint(endpoint);
        spec.setPathStyle(true);
        spec.setCredential(SecretKeyRef.of("s3", "credentials"));
        spec.setDefaultLocation(true);
        BackupLocation location = new BackupLocation();
        location.setMetadata(new ObjectMetaBuilder().withName("main").withNamespace(namespace).build());
        location.setSpec(spec);
        client.resource(location).create();
    }

    private static void backup(KubernetesClient client, String namespace, String name) {
        BackupResourceSpec spec = new BackupResourceSpec();
        spec.setIncludedNamespaces(List.of(namespace));
        Backup backup = new Backup();
        backup.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        backup.setSpec(spec);
        client.resource(backup).create();
    }
}
