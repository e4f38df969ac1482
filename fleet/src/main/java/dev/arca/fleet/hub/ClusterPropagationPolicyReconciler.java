package dev.arca.fleet.hub;

import dev.arca.fleet.resources.ClusterPropagationPolicy;

/** {@link PolicyReconciler} for the cluster-scoped kind (any namespace, any workspace's members). */
final class ClusterPropagationPolicyReconciler extends PolicyReconciler<ClusterPropagationPolicy> {
    ClusterPropagationPolicyReconciler(HubContext hub) {
        super(hub, hub.triggers().clusterPolicies());
    }
}
