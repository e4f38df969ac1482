package dev.arca.fleet.hub;

import dev.arca.fleet.members.MemberClients;
import dev.arca.server.controller.Events;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;

/**
 * What every hub controller shares: the hub client, its caches, the members' clients and the watches of their copies, the template
 * informers, the triggers that make one controller look again when another changed something, the
 * clock, the resync period (how often member state is read again) and the history (audit log and
 * status history; by default none).
 */
record HubContext(KubernetesClient client, HubCaches caches, MemberClients members, MemberWatch watches, TemplateWatch templates,
                  Triggers triggers, Events events, Clock clock, Duration resync, dev.arca.fleet.store.FleetHistory history) {

    /** The hand-fired event sources of the policy and binding controllers. */
    record Triggers(Trigger<dev.arca.fleet.resources.PropagationPolicy> policies,
                    Trigger<dev.arca.fleet.resources.ClusterPropagationPolicy> clusterPolicies,
                    Trigger<dev.arca.fleet.resources.ResourceBinding> bindings, Trigger<dev.arca.fleet.resources.Work> works) {
    }
}
