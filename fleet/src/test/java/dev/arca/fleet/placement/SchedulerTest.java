package dev.arca.fleet.placement;

import static dev.arca.fleet.placement.Fixtures.cell;
import static dev.arca.fleet.placement.Fixtures.divided;
import static dev.arca.fleet.placement.Fixtures.member;
import static dev.arca.fleet.placement.Fixtures.spread;
import static dev.arca.fleet.placement.Fixtures.weightForCells;
import static dev.arca.fleet.placement.Fixtures.weightForClusters;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import dev.arca.fleet.resources.Placement;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchedulerTest {
    private static final Instant NOW = Instant.parse("2026-12-06T05:00:00Z");
    private static final Duration GRACE = Duration.ofMinutes(5);

    private final Topology topology = new Topology(
            List.of(member("c3", "us", "us-1"), member("c1", "eu", "eu-1"), member("c2", "eu", "eu-2"),
                    new Member("team-b", "other", Map.of(), true, null)),
            List.of(cell("rz01", "c1", Map.of("tier", "gold")), cell("rz02", "c1", Map.of("tier", "silver")),
                    cell("rz03", "c2", Map.of("tier", "gold")), cell("rz09", "other", Map.of("tier", "gold"))));

    private static List<String> keys(Decision d) {
        return d.targets().stream().map(Placed::key).toList();
    }

    private static List<Integer> replicas(Decision d) {
        return d.targets().stream().map(Placed::replicas).toList();
    }

    @Test
    void clusterAffinityChoosesMembersByLabelsAndNamesSortedByKey() {
        var p = new Placement();
        p.clusterAffinity = new Placement.ClusterAffinity();
        p.clusterAffinity.labelSelector = new LabelSelectorBuilder().addToMatchLabels("env", "prod").build();
        p.clusterAffinity.exclude = new ArrayList<>(List.of("c2"));
        Decision d = Scheduler.place(p, topology, 3, GRACE, NOW);
        assertThat(keys(d)).containsExactly("team-a/c1", "team-a/c3");
        assertThat(replicas(d)).containsExactly(3, 3);
        assertThat(d.targets()).allSatisfy(t -> assertThat(t.nodeSelector()).isEmpty());
        assertThat(d.warnings()).isEmpty();
    }

    @Test
    void anAffinityThatMatchesNothingGivesNoTargetAndAWarningNamingIt() {
        var p = new Placement();
        p.clusterAffinity = new Placement.ClusterAffinity();
        p.clusterAffinity.clusterNames = new ArrayList<>(List.of("nope"));
        Decision d = Scheduler.place(p, topology, null, GRACE, NOW);
        assertThat(d.targets()).isEmpty();
        assertThat(d.warnings()).singleElement().asString().contains("clusterAffinity matched none");
    }

    @Test
    void spreadByCellMakesTheChosenMembersCellsTheTargetsWithTheirNodeSelectors() {
        var p = new Placement();
        p.spreadConstraints.add(spread("cell", null, null));
        p.cellAffinity = new Placement.CellAffinity();
        p.cellAffinity.labelSelector = new LabelSelectorBuilder().addToMatchLabels("tier", "gold").build();
        Decision d = Scheduler.place(p, topology, 2, GRACE, NOW);
        // rz09 is gold too, but its cluster "other" is a member of namespace team-b, not team-a
        assertThat(keys(d)).containsExactly("team-a/c1#rz01", "team-a/c2#rz03");
        assertThat(d.targets().get(0).nodeSelector()).containsExactly(Map.entry("arca.dev/cell", "rz01"));
        assertThat(d.targets().get(0).cell()).isEqualTo("rz01");
        assertThat(replicas(d)).containsExactly(2, 2);
    }

    @Test
    void cellNamesNarrowTheCellsAndNoMatchingCellWarns() {
        var p = new Placement();
        p.spreadConstraints.add(spread("cell", null, null));
        p.cellAffinity = new Placement.CellAffinity();
        p.cellAffinity.cellNames = new ArrayList<>(List.of("rz02"));
        assertThat(keys(Scheduler.place(p, topology, null, GRACE, NOW))).containsExactly("team-a/c1#rz02");
        p.cellAffinity.cellNames = new ArrayList<>(List.of("rz99"));
        Decision none = Scheduler.place(p, topology, null, GRACE, NOW);
        assertThat(none.targets()).isEmpty();
        assertThat(none.warnings()).singleElement().asString().contains("cellAffinity matched no cell");
    }

    @Test
    void spreadByRegionKeepsTheFirstGroupsInSortedOrder() {
        var p = new Placement();
        p.clusterAffinity = new Placement.ClusterAffinity();
        p.clusterAffinity.labelSelector = new LabelSelectorBuilder().addToMatchLabels("env", "prod").build();
        p.spreadConstraints.add(spread("region", 1, 1));
        assertThat(keys(Scheduler.place(p, topology, null, GRACE, NOW))).containsExactly("team-a/c1", "team-a/c2");
        p.spreadConstraints.set(0, spread("zone", null, 2));
        assertThat(keys(Scheduler.place(p, topology, null, GRACE, NOW))).containsExactly("team-a/c1", "team-a/c2");
        p.spreadConstraints.set(0, spread("cluster", null, 1));
        assertThat(keys(Scheduler.place(p, topology, null, GRACE, NOW))).containsExactly("team-a/c1");
    }

    @Test
    void membersWithoutTheSpreadLabelAreLeftOutWithAWarning() {
        var p = new Placement();
        p.spreadConstraints.add(spread("region", null, null));
        Decision d = Scheduler.place(p, topology, null, GRACE, NOW);
        assertThat(keys(d)).containsExactly("team-a/c1", "team-a/c2", "team-a/c3");
        assertThat(d.warnings()).singleElement().asString().contains("team-b/other")
                .contains("topology.kubernetes.io/region");
    }

    @Test
    void minGroupsNotMetIsAnErrorNamingTheFieldAndTheGroupsFound() {
        var p = new Placement();
        p.spreadConstraints.add(spread("region", 3, null));
        assertThatThrownBy(() -> Scheduler.place(p, topology, null, GRACE, NOW))
                .isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("'region'").hasMessageContaining("minGroups 3")
                .hasMessageContaining("[eu, us]").hasMessageContaining("lower minGroups");
    }

    @Test
    void anUnknownSpreadFieldIsAnError() {
        var p = new Placement();
        p.spreadConstraints.add(spread("rack", null, null));
        assertThatThrownBy(() -> Scheduler.place(p, topology, null, GRACE, NOW))
                .isInstanceOf(ArcaException.InvalidInput.class).hasMessageContaining("'rack'")
                .hasMessageContaining("cluster, cell, region, zone, provider");
    }

    @Test
    void dividedWithoutWeightsSharesEquallyAndTheRemainderGoesByKeyOrder() {
        Decision d = Scheduler.place(divided(), topology, 10, GRACE, NOW);
        assertThat(keys(d)).containsExactly("team-a/c1", "team-a/c2", "team-a/c3", "team-b/other");
        assertThat(replicas(d)).containsExactly(3, 3, 2, 2);
    }

    @Test
    void staticWeightsShareByLargestRemainderAndUnmatchedTargetsGetNothingButStay() {
        Placement p = divided(weightForClusters(2, "c1"), weightForClusters(1, "c2", "c1"));
        Decision d = Scheduler.place(p, topology, 7, GRACE, NOW);
        // weights c1=2 (first rule wins), c2=1, c3=0, other=0: 7*2/3 = 4.67, 7/3 = 2.33
        assertThat(keys(d)).containsExactly("team-a/c1", "team-a/c2", "team-a/c3", "team-b/other");
        assertThat(replicas(d)).containsExactly(5, 2, 0, 0);
    }

    @Test
    void cellWeightsApplyToCellTargets() {
        Placement p = divided(weightForCells(3, "rz01"), weightForCells(1, "rz02", "rz03"));
        p.spreadConstraints.add(spread("cell", null, null));
        Decision d = Scheduler.place(p, topology, 5, GRACE, NOW);
        assertThat(keys(d)).containsExactly("team-a/c1#rz01", "team-a/c1#rz02", "team-a/c2#rz03");
        assertThat(replicas(d)).containsExactly(3, 1, 1);
    }

    @Test
    void aMemberGoneLongerThanTheGraceLosesItsDividedShareButStaysATarget() {
        Topology t = withC2Unreachable(NOW.minus(Duration.ofMinutes(6)));
        Decision d = Scheduler.place(divided(), t, 9, GRACE, NOW);
        assertThat(keys(d)).containsExactly("team-a/c1", "team-a/c2", "team-a/c3");
        assertThat(replicas(d)).containsExactly(5, 0, 4);
        assertThat(d.warnings()).singleElement().asString().contains("team-a/c2").contains("moves");
    }

    @Test
    void aShortDisconnectMovesNothing() {
        Topology t = withC2Unreachable(NOW.minus(Duration.ofMinutes(4)));
        Decision d = Scheduler.place(divided(), t, 9, GRACE, NOW);
        assertThat(replicas(d)).containsExactly(3, 3, 3);
        assertThat(d.warnings()).isEmpty();
    }

    @Test
    void duplicatedIgnoresUnreachableMembers() {
        Topology t = withC2Unreachable(NOW.minus(Duration.ofHours(6)));
        assertThat(replicas(Scheduler.place(new Placement(), t, 4, GRACE, NOW))).containsExactly(4, 4, 4);
    }

    @Test
    void whenEveryWeightedMemberIsGoneTheSharesStay() {
        Topology t = withC2Unreachable(NOW.minus(Duration.ofHours(1)));
        Decision d = Scheduler.place(divided(weightForClusters(1, "c2")), t, 4, GRACE, NOW);
        assertThat(replicas(d)).containsExactly(0, 4, 0);
        assertThat(d.warnings()).singleElement().asString().contains("stay");
    }

    @Test
    void aWeightRuleNamingNoTargetIsAnError() {
        var empty = new Placement.StaticWeight();
        empty.weight = 1;
        assertThatThrownBy(() -> Scheduler.place(divided(empty), topology, 4, GRACE, NOW))
                .isInstanceOf(ArcaException.InvalidInput.class).hasMessageContaining("staticWeightList[0]");
    }

    @Test
    void noReplicasMeansNullReplicasOnEveryTarget() {
        assertThat(replicas(Scheduler.place(divided(), topology, null, GRACE, NOW))).containsOnlyNulls().hasSize(4);
    }

    private Topology withC2Unreachable(Instant since) {
        return new Topology(List.of(member("c1", "eu", "eu-1"),
                new Member("team-a", "c2", Map.of(), false, since), member("c3", "us", "us-1")), List.of());
    }
}
