package dev.arca.fleet.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.fleet.render.Health;
import dev.arca.fleet.render.HealthState;
import dev.arca.fleet.render.Retain;
import dev.arca.fleet.resources.FleetResources;
import dev.arca.fleet.resources.SyncRules;
import dev.arca.fleet.resources.Work;
import dev.arca.fleet.resources.WorkStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.List;

/**
 * Makes a member hold what a Work says, and reads back what it holds. Server-side apply with the
 * fleet's field manager (forcing conflicts only on the fields the fleet writes; fields listed in
 * {@code retain} carry the member's own values), or create-if-absent for {@code CreateOnly}. The
 * object's namespace is created on the member when missing.
 */
public final class WorkApplier {
    private static final ObjectMapper JSON = Serialization.jsonMapper();

    private WorkApplier() {
    }

    /** Applies the Work and returns what the member now reports of the object. */
    public static WorkStatus apply(KubernetesClient member, Work work, Instant now) {
        ObjectNode manifest = JSON.valueToTree(work.getSpec().manifest);
        GenericKubernetesResource desired = JSON.convertValue(manifest, GenericKubernetesResource.class);
        ensureNamespace(member, desired.getMetadata().getNamespace());
        Resource<GenericKubernetesResource> handle = member.resource(desired);
        GenericKubernetesResource live = handle.get();
        GenericKubernetesResource result;
        if (live != null && work.getSpec().updateStrategy == SyncRules.UpdateStrategy.CreateOnly) {
            result = live;
        } else if (live == null && work.getSpec().updateStrategy == SyncRules.UpdateStrategy.CreateOnly) {
            result = handle.create();
        } else {
            List<String> retain = work.getSpec().retain == null ? List.of() : work.getSpec().retain;
            ObjectNode body = live == null ? manifest : Retain.merge(manifest, JSON.valueToTree(live), retain);
            result = member.resource(JSON.convertValue(body, GenericKubernetesResource.class))
                    .fieldManager(FleetResources.FIELD_MANAGER).forceConflicts().serverSideApply();
        }
        return observed(result, work.getSpec().templateHash, now);
    }

    /** What the member holds of the Work's object now, without writing; null when it holds nothing. */
    public static WorkStatus read(KubernetesClient member, Work work, Instant now) {
        GenericKubernetesResource desired = JSON.convertValue(work.getSpec().manifest, GenericKubernetesResource.class);
        GenericKubernetesResource live = member.resource(desired).get();
        return live == null ? null : observed(live, currentHash(work), now);
    }

    /**
     * Removes the Work's object from the member. Only an object the fleet wrote is removed: one whose
     * binding label is not this Work's binding is left (something else owns it now).
     *
     * @return true when the member no longer holds it
     */
    public static boolean remove(KubernetesClient member, Work work) {
        GenericKubernetesResource desired = JSON.convertValue(work.getSpec().manifest, GenericKubernetesResource.class);
        Resource<GenericKubernetesResource> handle = member.resource(desired);
        GenericKubernetesResource live = handle.get();
        if (live == null) {
            return true;
        }
        String mine = desired.getMetadata().getLabels() == null ? null
                : desired.getMetadata().getLabels().get(FleetResources.BINDING_LABEL);
        String theirs = live.getMetadata().getLabels() == null ? null
                : live.getMetadata().getLabels().get(FleetResources.BINDING_LABEL);
        if (mine != null && !mine.equals(theirs)) {
            return true;
        }
        handle.delete();
        return false;
    }

    private static String currentHash(Work work) {
        return work.getStatus() == null ? null : work.getStatus().templateHash;
    }

    private static WorkStatus observed(GenericKubernetesResource live, String hash, Instant now) {
        JsonNode tree = JSON.valueToTree(live);
        HealthState health = Health.of(tree);
        WorkStatus s = new WorkStatus();
        s.applied = true;
        s.templateHash = hash;
        s.generation = live.getMetadata().getGeneration();
        JsonNode observed = tree.path("status").path("observedGeneration");
        s.observedGeneration = observed.isNumber() ? observed.asLong() : null;
        s.health = health.health();
        s.message = health.message();
        s.lastSeen = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        return s;
    }

    private static void ensureNamespace(KubernetesClient member, String namespace) {
        if (namespace == null || namespace.isEmpty()) {
            return;
        }
        if (member.namespaces().withName(namespace).get() == null) {
            try {
                member.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                        .addToLabels(FleetResources.GROUP + "/created", "true").endMetadata().build()).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
            }
        }
    }
}
