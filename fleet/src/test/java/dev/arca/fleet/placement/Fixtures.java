package dev.arca.fleet.placement;

import dev.arca.fleet.resources.FleetResources;
import dev.arca.fleet.resources.Placement;
import dev.arca.fleet.resources.Rollout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small builders for the placement tests. */
final class Fixtures {
    private Fixtures() {
    }

    static Member member(String name, String region, String zone) {
        return Member.reachable("team-a", name, Map.of(FleetResources.REGION_LABEL, region,
                FleetResources.ZONE_LABEL, zone, "env", "prod"));
    }

    static CellInfo cell(String name, String cluster, Map<String, String> labels) {
        return new CellInfo("team-a", name, cluster, labels, Map.of("arca.dev/cell", name));
    }

    static Placement.SpreadConstraint spread(String field, Integer min, Integer max) {
        var c = new Placement.SpreadConstraint();
        c.spreadByField = field;
        c.minGroups = min;
        c.maxGroups = max;
        return c;
    }

    static Placement divided(Placement.StaticWeight... weights) {
        var p = new Placement();
        p.replicaScheduling = new Placement.ReplicaScheduling();
        p.replicaScheduling.replicaSchedulingType = Placement.ReplicaScheduling.SchedulingType.Divided;
        if (weights.length > 0) {
            p.replicaScheduling.weightPreference = new Placement.WeightPreference();
            p.replicaScheduling.weightPreference.staticWeightList = new ArrayList<>(List.of(weights));
        }
        return p;
    }

    static Placement.StaticWeight weightForClusters(long weight, String... names) {
        var w = new Placement.StaticWeight();
        w.targetCluster = new Placement.ClusterAffinity();
        w.targetCluster.clusterNames = new ArrayList<>(List.of(names));
        w.weight = weight;
        return w;
    }

    static Placement.StaticWeight weightForCells(long weight, String... cells) {
        var w = new Placement.StaticWeight();
        w.targetCells = new ArrayList<>(List.of(cells));
        w.weight = weight;
        return w;
    }

    static Rollout.Mask mask(List<String> cells, List<String> clusters, Integer percent) {
        var m = new Rollout.Mask();
        m.cells = new ArrayList<>(cells);
        m.clusters = new ArrayList<>(clusters);
        m.percent = percent;
        return m;
    }

    static Placed byCluster(String key) {
        return new Placed(key, null, Map.of(), null);
    }

    static Placed byCell(String key, String cell) {
        return new Placed(key, cell, Map.of(), null);
    }
}
