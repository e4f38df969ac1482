package dev.arca.fleet.resources;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/** What a (Cluster)PropagationPolicy selects on the hub, where it places it, and how it keeps it there. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PolicySpec {
    /** An object is selected when any selector matches it. */
    public List<ResourceSelector> resourceSelectors = new ArrayList<>();
    public Placement placement = new Placement();
    /** The ConfigMaps, Secrets and ServiceAccounts a selected workload uses follow it to the same members. */
    public boolean propagateDeps;
    /** A mask on the placement, and the steps by which a changed object widens it (canary, DR). */
    public Rollout rollout;
    /** Which labels and annotations flow to members, which fields members own, and how objects are written. */
    public SyncRules sync;
    public DeletionPolicy deletionPolicy;
    /** How long a member may be unreachable before its share of Divided replicas moves elsewhere. */
    public Failover failover;

    /** One kind of object, optionally narrowed by namespace, name and labels. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class ResourceSelector {
        public String apiVersion;
        public String kind;
        /** Only for a ClusterPropagationPolicy; a PropagationPolicy always selects in its own namespace. */
        public String namespace;
        public String name;
        public io.fabric8.kubernetes.api.model.LabelSelector labelSelector;
    }

    /** What happens to members' copies when the hub object goes. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class DeletionPolicy {
        /**
         * How long a deletion waits for an unreachable member (Go duration, default {@code 10m});
         * after it the hub object goes, and the member's copy is recorded as an orphan and removed
         * when the member returns.
         */
        public String unreachableClusterTimeout;
        /** Leave members' copies in place when the hub object is deleted. */
        public boolean preserveResourcesOnDeletion;
    }

    /** Nothing moves because of a disconnect shorter than {@code unreachableGrace} (default {@code 5m}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Failover {
        public String unreachableGrace;
    }
}
