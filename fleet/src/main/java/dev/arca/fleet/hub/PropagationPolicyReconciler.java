package dev.arca.fleet.hub;

import dev.arca.fleet.resources.PropagationPolicy;

/** {@link PolicyReconciler} for the namespaced kind (its own namespace, its own members). */
final class PropagationPolicyReconciler extends PolicyReconciler<PropagationPolicy> {
    PropagationPolicyReconciler(HubContext hub) {
        super(hub, hub.triggers().policies());
    }
}
