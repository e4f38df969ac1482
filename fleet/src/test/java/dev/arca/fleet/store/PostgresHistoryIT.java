package dev.arca.fleet.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.arca.api.ArcaException;
import dev.arca.testkit.postgres.PostgresExtension;
import dev.arca.testkit.postgres.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
@Timeout(180)
class PostgresHistoryIT {
    private static final Instant T0 = Instant.parse("2026-12-06T04:00:00.000001Z");
    private static final Duration EVENTUALLY = Duration.ofSeconds(60);

    private static PropagationRecord propagation(String binding, int second, String action) {
        return new PropagationRecord(T0.plusSeconds(second), binding, "apps/v1/Deployment shop/web-" + second,
                "team-a/eu-" + second, second % 2 == 0 ? null : "eu", second % 3 == 0 ? null : "sha256:" + second, action);
    }

    private static StatusRecord status(String binding, int second) {
        return new StatusRecord(T0.plusSeconds(second), binding, "team-a/eu-1", null, second % 2 == 0,
                second % 2 == 0 ? "Healthy" : null, second % 2 == 0 ? null : "waiting for 2 replicas", second > 5);
    }

    @Test
    void recordsRoundTripNewestFirstPerBinding(PostgresServer postgres) {
        String db = postgres.createUniqueDatabase("roundtrip");
        try (FleetHistory history = FleetHistory.open(postgres.jdbcUrl(db), postgres.clientEnv())) {
            PropagationRecord created = propagation("team-a/web", 0, "created");
            PropagationRecord updated = propagation("team-a/web", 1, "updated");
            PropagationRecord orphaned = propagation("team-a/web", 2, "orphaned");
            PropagationRecord other = propagation("team-b/api", 3, "deleted");
            StatusRecord healthy = status("team-a/web", 4);
            StatusRecord waiting = status("team-a/web", 7);
            List.of(created, updated, other, orphaned).forEach(history::propagated);
            history.memberStatus(waiting);
            history.memberStatus(healthy);

            await().atMost(EVENTUALLY).until(() -> history.audit("team-a/web", 10).size() == 3
                    && history.statusHistory("team-a/web", 10).size() == 2);
            assertThat(history.audit("team-a/web", 10)).containsExactly(orphaned, updated, created);
            assertThat(history.audit("team-a/web", 2)).containsExactly(orphaned, updated);
            assertThat(history.audit("team-b/api", 10)).containsExactly(other);
            assertThat(history.statusHistory("team-a/web", 10)).containsExactly(waiting, healthy);
            assertThat(history.audit("team-c/none", 10)).isEmpty();
            assertThat(history.dropped()).isZero();
        }
    }

    @Test
    void opensAnExistingStoreAgainKeepingItsRecordsAndOneSchemaVersionRow(PostgresServer postgres) throws SQLException {
        String db = postgres.createUniqueDatabase("reopen");
        PropagationRecord record = propagation("team-a/web", 1, "created");
        try (FleetHistory first = FleetHistory.open(postgres.jdbcUrl(db), postgres.clientEnv())) {
            first.propagated(record);
        }
        try (FleetHistory second = FleetHistory.open(postgres.jdbcUrl(db) + "?user=" + postgres.user() + "&password="
                + postgres.password(), Map.of())) {
            assertThat(second.audit("team-a/web", 10)).containsExactly(record);
        }
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(db), postgres.user(), postgres.password());
             ResultSet rows = c.createStatement().executeQuery("SELECT component, version FROM fleet_schema_version")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("fleet-history");
            assertThat(rows.getInt(2)).isEqualTo(PostgresSchema.VERSION);
            assertThat(rows.next()).as("one schema version row").isFalse();
        }
    }

    @Test
    void writesTwentyThousandRecordsWithoutDroppingAny(PostgresServer postgres) {
        String db = postgres.createUniqueDatabase("bulk");
        try (FleetHistory history = FleetHistory.open(postgres.jdbcUrl(db), postgres.clientEnv())) {
            for (int i = 0; i < 10_000; i++) {
                history.propagated(propagation("bulk/web", i, "updated"));
                history.memberStatus(status("bulk/web", i));
            }

            await().atMost(EVENTUALLY).until(() -> history.audit("bulk/web", 10_000).size() == 10_000
                    && history.statusHistory("bulk/web", 10_000).size() == 10_000);
            assertThat(history.audit("bulk/web", 1)).containsExactly(propagation("bulk/web", 9_999, "updated"));
            assertThat(history.statusHistory("bulk/web", 1)).containsExactly(status("bulk/web", 9_999));
            assertThat(history.dropped()).isZero();
        }
    }

    @Test
    void closeWritesWhatIsStillQueued(PostgresServer postgres) {
        String db = postgres.createUniqueDatabase("flush");
        FleetHistory history = FleetHistory.open(postgres.jdbcUrl(db), postgres.clientEnv());
        for (int i = 0; i < 5_000; i++) {
            history.propagated(propagation("flush/web", i, "created"));
        }

        history.close();

        assertThat(history.dropped()).isZero();
        try (FleetHistory reader = FleetHistory.open(postgres.jdbcUrl(db), postgres.clientEnv())) {
            assertThat(reader.audit("flush/web", 10_000)).hasSize(5_000);
        }
    }

    @Test
    void aDatabaseThatStopsMidRunNeitherBlocksNorFailsTheCallerAndGetsTheRecordsAfterItReturns() {
        PostgresServer own = PostgresServer.start();
        try (FleetHistory history = FleetHistory.open(own.jdbcUrl(), own.clientEnv())) {
            history.propagated(propagation("outage/web", 0, "created"));
            await().atMost(EVENTUALLY).until(() -> history.audit("outage/web", 10).size() == 1);

            own.stop();
            List<PropagationRecord> during = new ArrayList<>();
            for (int i = 1; i <= 100; i++) {
                PropagationRecord r = propagation("outage/web", i, "updated");
                history.propagated(r);
                history.memberStatus(status("outage/web", i));
                during.add(r);
            }
            assertThatThrownBy(() -> history.audit("outage/web", 10))
                    .isInstanceOf(ArcaException.Transient.class)
                    .hasMessageContaining("binding outage/web").hasMessageContaining("check that the database is up")
                    .hasMessageNotContaining(own.password());

            own.resume();
            await().atMost(EVENTUALLY).until(() -> history.audit("outage/web", 1_000).size() == 101
                    && history.statusHistory("outage/web", 1_000).size() == 100);
            assertThat(history.audit("outage/web", 1)).containsExactly(during.get(99));
            assertThat(history.dropped()).isZero();
        } finally {
            own.close();
        }
    }

    @Test
    void wrongCredentialsFailAtOpenWithoutShowingThePassword(PostgresServer postgres) {
        assertThatThrownBy(() -> FleetHistory.open(postgres.jdbcUrl(),
                Map.of("PGUSER", postgres.user(), "PGPASSWORD", "not-the-password-42")))
                .isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("check the user, password")
                .hasMessageContaining(postgres.jdbcUrl())
                .hasMessageNotContaining("not-the-password-42");
    }
}
