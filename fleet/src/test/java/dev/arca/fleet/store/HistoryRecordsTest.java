package dev.arca.fleet.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class HistoryRecordsTest {
    private static final Instant AT = Instant.parse("2026-12-06T04:00:00.123456789Z");

    @Test
    void keepsTimesAtTheDatabasesMicrosecondPrecision() {
        PropagationRecord record = new PropagationRecord(AT, "team-a/web", "apps/v1/Deployment shop/web",
                "team-a/eu-1", null, "sha256:ab", "created");

        assertThat(record.at()).isEqualTo(Instant.parse("2026-12-06T04:00:00.123456Z"));
    }

    @Test
    void refusesAnUnknownActionNamingTheKnownOnes() {
        assertThatThrownBy(() -> new PropagationRecord(AT, "team-a/web", "v1/ConfigMap shop/cfg", "team-a/eu-1",
                null, null, "patched"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"patched\"").hasMessageContaining("orphan-cleaned");
    }

    @Test
    void refusesObjectContentsWhereAReferenceBelongs() {
        String manifest = "data: " + "x".repeat(PropagationRecord.MAX_REFERENCE);

        assertThatThrownBy(() -> new PropagationRecord(AT, "team-a/web", manifest, "team-a/eu-1", null, null, "updated"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'object'").hasMessageContaining("not an object's contents");
    }

    @Test
    void cutsLongStatusMessagesAndBlanksNuls() {
        StatusRecord record = new StatusRecord(AT, "team-a/web", "team-a/eu-1", "eu", false, "Degraded",
                "a\0b" + "y".repeat(5000), false);

        assertThat(record.message()).hasSize(StatusRecord.MAX_MESSAGE).startsWith("a b").endsWith("…");
    }

    @Test
    void theEmptyHistoryKeepsNothing() {
        FleetHistory none = FleetHistory.none();
        none.propagated(new PropagationRecord(AT, "team-a/web", "v1/ConfigMap shop/cfg", "team-a/eu-1", null, null,
                "created"));
        none.memberStatus(new StatusRecord(AT, "team-a/web", "team-a/eu-1", null, true, "Healthy", null, false));

        assertThat(none.audit("team-a/web", 10)).isEmpty();
        assertThat(none.statusHistory("team-a/web", 10)).isEmpty();
        assertThat(none.dropped()).isZero();
        none.close();
    }
}
