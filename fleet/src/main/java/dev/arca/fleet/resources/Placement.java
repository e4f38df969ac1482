package dev.arca.fleet.resources;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.ArrayList;
import java.util.List;

/** Where selected objects go: which members, which cells, how spread, and how replicas are shared. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Placement {
    public ClusterAffinity clusterAffinity;
    /** Which cells of the chosen members count; used when a spread constraint spreads by cell. */
    public CellAffinity cellAffinity;
    public List<SpreadConstraint> spreadConstraints = new ArrayList<>();
    public ReplicaScheduling replicaScheduling;

    /** Members by labels and names; {@code exclude} removes names again. Empty means every member. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public static class ClusterAffinity {
        public LabelSelector labelSelector;
        public List<String> clusterNames = new ArrayList<>();
        public List<String> exclude = new ArrayList<>();
    }

    /** Cells by labels and names. Empty means every cell of the chosen members. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public static class CellAffinity {
        public LabelSelector labelSelector;
        public List<String> cellNames = new ArrayList<>();
    }

    /**
     * Spread over groups of one topology level ({@code cluster}, {@code cell}, {@code region},
     * {@code zone}, {@code provider}). Spreading by {@code cell} makes every chosen cell a target of
     * its own, with its node selector.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class SpreadConstraint {
        public String spreadByField;
        public Integer minGroups;
        public Integer maxGroups;
    }

    /** Duplicated: every target gets the object's replicas. Divided: they are shared by static weights. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class ReplicaScheduling {
        public SchedulingType replicaSchedulingType = SchedulingType.Duplicated;
        public WeightPreference weightPreference;

        public enum SchedulingType { Duplicated, Divided }
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public static class WeightPreference {
        public List<StaticWeight> staticWeightList = new ArrayList<>();
    }

    /** A weight for the targets on the named members or cells; a target no rule names weighs nothing. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public static class StaticWeight {
        public ClusterAffinity targetCluster;
        public List<String> targetCells = new ArrayList<>();
        public long weight;
    }
}
