package dev.arca.fleet.hub;

import dev.arca.fleet.agent.FleetAgent;
import dev.arca.fleet.resources.ObjectRef;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;

/**
 * The orphans of a Pull-mode member, listed for its agent in the ConfigMap {@value FleetAgent#ORPHANS}
 * of its execution namespace (the agent can read nothing else on the hub); the agent removes an entry
 * once the member no longer holds the object.
 */
final class AgentOrphans {
    private AgentOrphans() {
    }

    static void add(KubernetesClient hub, String executionNamespace, ObjectRef ref) {
        String key = FleetNames.shortened((ref.kind + "." + (ref.namespace == null ? "" : ref.namespace) + "." + ref.name)
                .replaceAll("[^A-Za-z0-9._-]", "-"), 253);
        ConfigMap empty = new ConfigMapBuilder().withNewMetadata().withName(FleetAgent.ORPHANS)
                .withNamespace(executionNamespace).endMetadata().build();
        Kube.createIfAbsent(hub, empty);
        hub.configMaps().inNamespace(executionNamespace).withName(FleetAgent.ORPHANS).edit(c -> {
            c.setData(c.getData() == null ? new java.util.HashMap<>() : c.getData());
            c.getData().put(key, Serialization.asJson(ref));
            return c;
        });
    }

    /** The orphans the agent has not removed yet. */
    static List<ObjectRef> list(KubernetesClient hub, String executionNamespace) {
        ConfigMap c = hub.configMaps().inNamespace(executionNamespace).withName(FleetAgent.ORPHANS).get();
        List<ObjectRef> out = new ArrayList<>();
        if (c != null && c.getData() != null) {
            c.getData().values().forEach(v -> out.add(Serialization.unmarshal(v, ObjectRef.class)));
        }
        return out;
    }
}
