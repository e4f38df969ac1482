package dev.arca.cli.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.fleet.members.MemberConditions;
import dev.arca.fleet.members.Probe;
import dev.arca.fleet.resources.Cell;
import dev.arca.fleet.resources.CellSpec;
import dev.arca.fleet.resources.FleetResources;
import dev.arca.fleet.resources.MemberCluster;
import dev.arca.fleet.resources.MemberClusterSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FleetGetCommandTest {
    static final Instant NOW = Instant.parse("2026-12-06T05:00:00Z");

    @Test
    void aClusterRowShowsModeReadinessLastSeenTopologyVersionAndAge() {
        MemberCluster m = new MemberCluster();
        m.setMetadata(new ObjectMetaBuilder().withName("east").withNamespace("team-a").withCreationTimestamp("2026-12-06T03:00:00Z")
                .withLabels(Map.of(FleetResources.REGION_LABEL, "eu", FleetResources.ZONE_LABEL, "eu-1")).build());
        m.setSpec(new MemberClusterSpec());
        m.setStatus(MemberConditions.next(null, new Probe(true, "v1.20.2", null), NOW.minusSeconds(90), 1));
        m.setStatus(MemberConditions.next(m.getStatus(), new Probe(false, null, "GET /version failed: ConnectException"),
                NOW.minusSeconds(30), 1));

        String[] row = new FleetGetCommand.Clusters().row(m, NOW);

        assertThat(row).containsExactly("east", "team-a", "Push", "False", "90s ago", "eu", "eu-1", "v1.20.2", "2h");
    }

    @Test
    void aClusterWithoutStatusIsUnknownAndNeverSeen() {
        MemberCluster m = new MemberCluster();
        m.setMetadata(new ObjectMetaBuilder().withName("edge").withNamespace("ws").build());
        MemberClusterSpec spec = new MemberClusterSpec();
        spec.syncMode = MemberClusterSpec.SyncMode.Pull;
        m.setSpec(spec);

        assertThat(new FleetGetCommand.Clusters().row(m, NOW)).containsExactly("edge", "ws", "Pull", "Unknown", "<never>", "", "", "", "");
    }

    @Test
    void agesAreInSecondsUnderTwoMinutesThenMinutesHoursAndDays() {
        assertThat(FleetGetCommand.human(java.time.Duration.ofSeconds(119))).isEqualTo("119s");
        assertThat(FleetGetCommand.human(java.time.Duration.ofMinutes(119))).isEqualTo("119m");
        assertThat(FleetGetCommand.human(java.time.Duration.ofHours(47))).isEqualTo("47h");
        assertThat(FleetGetCommand.human(java.time.Duration.ofHours(49))).isEqualTo("2d");
    }

    @Test
    void aCellRowShowsItsClusterAndNodeSelector() {
        Cell c = new Cell();
        c.setMetadata(new ObjectMetaBuilder().withName("east-a").withNamespace("ws").withCreationTimestamp("2026-12-06T04:59:00Z").build());
        CellSpec spec = new CellSpec();
        spec.cluster = "east";
        spec.nodeSelector.put("cell", "a");
        spec.nodeSelector.put("disk", "ssd");
        c.setSpec(spec);

        assertThat(new FleetGetCommand.Cells().row(c, NOW)).containsExactly("east-a", "east", "cell=a,disk=ssd", "60s");
    }
}
