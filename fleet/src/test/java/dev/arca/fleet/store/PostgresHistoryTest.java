package dev.arca.fleet.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import dev.arca.testkit.ServerSupport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The PostgreSQL history against a port where no server listens: nothing may block or throw into the hub. */
@Timeout(60)
class PostgresHistoryTest {

    @Test
    void aFullQueueWhileTheDatabaseIsUnreachableDropsAndCountsRecordsInsteadOfBlocking() {
        StoreUrl url = StoreUrl.parse("jdbc:postgresql://127.0.0.1:" + ServerSupport.freeLoopbackPort() + "/fleet",
                Map.of("PGUSER", "hub", "PGPASSWORD", "topsecret"));
        BatchingWriter.Options small = new BatchingWriter.Options(100, 10, Duration.ofMillis(5), Duration.ofMillis(50),
                Duration.ofMillis(300), Duration.ofMinutes(1));
        PostgresHistory history = PostgresHistory.open(url, small, Clock.systemUTC());
        Instant at = Instant.parse("2026-12-06T04:00:00Z");

        for (int i = 0; i < 500; i++) {
            history.propagated(new PropagationRecord(at.plusSeconds(i), "team-a/web", "v1/ConfigMap shop/cfg",
                    "team-a/eu-1", null, "sha256:" + i, "updated"));
        }
        assertThat(history.dropped()).as("at most the queue and one batch are held").isGreaterThanOrEqualTo(390);
        assertThatThrownBy(() -> history.audit("team-a/web", 10))
                .isInstanceOf(ArcaException.Transient.class)
                .hasMessageNotContaining("topsecret");

        history.close();

        assertThat(history.written()).isZero();
        assertThat(history.dropped()).isEqualTo(500);
        assertThat(history.toString()).doesNotContain("topsecret");
    }
}
