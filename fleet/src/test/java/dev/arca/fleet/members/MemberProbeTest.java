package dev.arca.fleet.members;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemberProbeTest {
    @Test
    void aPeerThatAcceptsAndNeverAnswersIsUnreachableWithinTheTimeout() throws Exception {
        List<Socket> accepted = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            try (KubernetesClient member = client("http://127.0.0.1:" + silent.getLocalPort())) {
                long start = System.nanoTime();
                Probe p = MemberProbe.probe(member, Duration.ofSeconds(1));
                Duration took = Duration.ofNanos(System.nanoTime() - start);

                assertThat(p.reachable()).isFalse();
                assertThat(took).isLessThan(Duration.ofSeconds(3));
                assertThat(p.error()).contains("GET /version").contains("127.0.0.1:" + silent.getLocalPort())
                        .contains("TimeoutException").doesNotContain("null");
                assertThat(accepted).isNotEmpty();
            }
        }
    }

    @Test
    void aRefusedConnectionNamesTheExceptionTypeAndNeverNull() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (KubernetesClient member = client("http://127.0.0.1:" + port)) {
            Probe p = MemberProbe.probe(member, Duration.ofSeconds(5));

            assertThat(p.reachable()).isFalse();
            assertThat(p.kubernetesVersion()).isNull();
            assertThat(p.error()).startsWith("GET /version to http://127.0.0.1:" + port).contains("Exception")
                    .doesNotContain("null");
        }
    }

    private static KubernetesClient client(String url) {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(url).withRequestTimeout(30_000)
                .withConnectionTimeout(3_000).withRequestRetryBackoffLimit(0).build()).build();
    }
}
