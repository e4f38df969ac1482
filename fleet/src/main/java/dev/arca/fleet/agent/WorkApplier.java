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
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

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

    /**
     * Makes the member hold the Work and says what it holds: a new version (a Work generation not yet
     * applied) is applied; otherwise the member's copy is only read, and put back when someone deleted it.
     * Errors go to the caller, which keeps the last known values beside them ({@link #failed}).
     *
     * @param before the Work's status as last written (the caller's own last write when the Work at hand
     *               may be an older copy), or null
     */
    public static WorkStatus sync(MemberView member, Work work, WorkStatus before, Instant now) {
        boolean fresh = willApply(work, before);
        String held = before == null ? null : before.templateHash;
        WorkStatus after = fresh ? apply(member, work, now) : read(member, work, before, now);
        if (after == null) { // gone from the member, or not yet in a watch's cache: a GET decides before a write
            GenericKubernetesResource live = member.fresh(desired(work));
            after = live != null ? observed(live, held, now) : holdsData(work) ? lost(held, now) : apply(member, work, now);
        }
        after.appliedGeneration = work.getMetadata().getGeneration();
        return after;
    }

    /**
     * Whether the next sync of {@code work} writes to the member (rather than only reading): a Work generation not
     * yet applied, or not applied at all. A lost claim is made again (empty) only for a new version of the hub
     * object, not for any other change of its Work.
     */
    public static boolean willApply(Work work, WorkStatus before) {
        if (before == null) {
            return true;
        }
        if (Boolean.TRUE.equals(before.lost)) {
            return !Objects.equals(before.templateHash, work.getSpec().templateHash);
        }
        return !before.applied || !Objects.equals(before.appliedGeneration, work.getMetadata().getGeneration());
    }

    /** A claim: putting back an empty one would hide that its data is gone (a restore brings it back). */
    private static boolean holdsData(Work work) {
        Object m = work.getSpec().manifest == null ? null : work.getSpec().manifest.getValue();
        return m instanceof java.util.Map<?, ?> map && "v1".equals(map.get("apiVersion"))
                && "PersistentVolumeClaim".equals(map.get("kind"));
    }

    private static WorkStatus lost(String held, Instant now) {
        WorkStatus s = new WorkStatus();
        s.lost = true;
        s.templateHash = held;
        s.health = HealthState.UNHEALTHY;
        s.message = "the member's PersistentVolumeClaim was deleted there; the fleet does not put back an empty claim in"
                + " place of lost data: restore it (arca fleet failover, or a Restore on the member), or change the hub"
                + " object to have an empty one made";
        s.lastSeen = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        return s;
    }

    /** The status to write when a sync failed: the last known values stay, the error is added. */
    public static WorkStatus failed(WorkStatus before, String error) {
        WorkStatus after = before == null ? new WorkStatus() : JSON.convertValue(before, WorkStatus.class);
        after.lastError = error;
        return after;
    }

    /** Applies the Work and returns what the member now reports of the object. */
    static WorkStatus apply(MemberView member, Work work, Instant now) {
        ObjectNode manifest = JSON.valueToTree(work.getSpec().manifest);
        GenericKubernetesResource desired = JSON.convertValue(manifest, GenericKubernetesResource.class);
        member.ensureNamespace(desired.getMetadata().getNamespace());
        GenericKubernetesResource live = member.live(desired);
        GenericKubernetesResource result;
        if (work.getSpec().updateStrategy == SyncRules.UpdateStrategy.CreateOnly) {
            result = live != null ? live : createOnly(member, desired);
        } else {
            List<String> retain = work.getSpec().retain == null ? List.of() : work.getSpec().retain;
            // retained fields take the member's values: from its API server, as a cache may lag behind its controllers
            // (a watch sees only labelled copies: an unlabelled object already there is found only by a GET)
            GenericKubernetesResource current = retain.isEmpty() ? live : member.fresh(desired);
            ObjectNode body = current == null ? manifest : Retain.merge(manifest, JSON.valueToTree(current), retain);
            result = member.client().resource(JSON.convertValue(body, GenericKubernetesResource.class))
                    .fieldManager(FleetResources.FIELD_MANAGER).forceConflicts().serverSideApply();
        }
        return observed(result, work.getSpec().templateHash, now);
    }

    private static GenericKubernetesResource createOnly(MemberView member, GenericKubernetesResource desired) {
        try {
            return member.client().resource(desired).create();
        } catch (KubernetesClientException e) {
            GenericKubernetesResource live = e.getCode() == 409 ? member.fresh(desired) : null;
            if (live == null) {
                throw e;
            }
            return live; // made there meanwhile (or the cache had not seen it): CreateOnly leaves it as it is
        }
    }

    /** What the member holds of the Work's object now, without writing; null when it holds nothing. */
    private static WorkStatus read(MemberView member, Work work, WorkStatus before, Instant now) {
        GenericKubernetesResource desired = desired(work);
        GenericKubernetesResource live = member.live(desired);
        Long seen = before.generation;
        if (live != null && seen != null && live.getMetadata().getGeneration() != null
                && live.getMetadata().getGeneration() < seen) {
            live = member.fresh(desired); // a cache behind the last apply would report the previous version's health
        }
        return live == null ? null : observed(live, before.templateHash, now);
    }

    private static GenericKubernetesResource desired(Work work) {
        return JSON.convertValue(work.getSpec().manifest, GenericKubernetesResource.class);
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
}
