package dev.arca.fleet.hub;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.fleet.placement.Placed;
import dev.arca.fleet.render.OverrideException;
import dev.arca.fleet.render.RenderTarget;
import dev.arca.fleet.render.Renderer;
import dev.arca.fleet.resources.FleetResources;
import dev.arca.fleet.resources.MemberCluster;
import dev.arca.fleet.resources.OverridePolicy;
import dev.arca.fleet.resources.PolicySpec;
import dev.arca.fleet.resources.ResourceBinding;
import dev.arca.fleet.resources.SyncRules;
import dev.arca.fleet.resources.Work;
import dev.arca.fleet.resources.WorkSpec;
import io.fabric8.kubernetes.api.model.AnyType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a binding's object for each target and writes the Works: created when missing, updated
 * only when the rendered spec changed (so an unchanged object costs no write), and deleted when their
 * target is gone. A Work gets the fleet finalizer at creation, so it can never go before the member's
 * copy has been dealt with.
 */
final class WorkWriter {
    private static final ObjectMapper JSON = Serialization.jsonMapper();
    private final HubContext hub;

    WorkWriter(HubContext hub) {
        this.hub = hub;
    }

    /** The version a rollout replaces: its object and each target's replicas for it (absent: the object's own). */
    record Version(ObjectNode template, Map<String, Integer> replicas) {
    }

    /** @return null, or the first override error (that target keeps what it had) */
    String write(ResourceBinding b, PolicySpec spec, List<Placed> targets, Map<String, String> desired, String hash,
                 ObjectNode template, Version previous, List<MemberCluster> members, Map<String, Work> existing) {
        String error = null;
        String ns = b.getSpec().resource.namespace == null || b.getSpec().resource.namespace.isEmpty()
                ? FleetResources.SYSTEM_NAMESPACE : b.getSpec().resource.namespace;
        List<OverridePolicy> overrides = hub.caches().list(OverridePolicy.class, ns);
        String bindingKey = b.getMetadata().getNamespace() + "." + b.getMetadata().getName();
        for (Placed p : targets) {
            String want = desired.get(p.key());
            boolean current = hash.equals(want);
            ObjectNode source = want == null ? null : current ? template : previous.template();
            MemberCluster member = members.stream().filter(m -> p.cluster().equals(key(m))).findFirst().orElse(null);
            if (source == null || member == null) {
                continue;
            }
            try {
                RenderTarget rt = new RenderTarget(member.getMetadata().getNamespace(), member.getMetadata().getName(),
                        member.getMetadata().getLabels() == null ? Map.of() : member.getMetadata().getLabels(),
                        p.cell(), p.nodeSelector(), current ? p.replicas() : previous.replicas().get(p.key()));
                ObjectNode manifest = CellWorkloads.forCell(Renderer.render(source, rt, overrides, spec.sync, bindingKey), p.cell());
                upsert(b, spec, p, member, manifest, want, existing.get(p.key()));
            } catch (OverrideException e) {
                error = error == null ? e.getMessage() : error;
            }
        }
        return error;
    }

    private void upsert(ResourceBinding b, PolicySpec spec, Placed p, MemberCluster member, ObjectNode manifest,
                        String hash, Work current) {
        WorkSpec ws = new WorkSpec();
        ws.binding = b.getMetadata().getNamespace() + "/" + b.getMetadata().getName();
        ws.cluster = p.cluster();
        ws.cell = p.cell();
        ws.manifest = new AnyType(JSON.convertValue(manifest, Object.class));
        ws.templateHash = hash;
        ws.updateStrategy = spec.sync == null ? SyncRules.UpdateStrategy.ServerSideApply : spec.sync.updateStrategy;
        ws.retain = spec.sync == null ? List.of() : spec.sync.retain;
        ws.deleteOnRemoval = spec.deletionPolicy == null || !spec.deletionPolicy.preserveResourcesOnDeletion;
        ws.unreachableClusterTimeout = spec.deletionPolicy == null ? null : spec.deletionPolicy.unreachableClusterTimeout;
        if (current != null && JSON.valueToTree(current.getSpec()).equals(JSON.valueToTree(ws))) {
            return;
        }
        if (current != null) {
            current.setSpec(ws);
            hub.client().resource(current).update();
            audit(ws, "updated");
            return;
        }
        Work w = new Work();
        w.getMetadata().setNamespace(FleetNames.executionNamespace(member.getMetadata().getNamespace(),
                member.getMetadata().getName()));
        w.getMetadata().setName(FleetNames.work(b.getMetadata().getNamespace(), b.getMetadata().getName(), p.cell()));
        w.getMetadata().setLabels(Map.of(FleetResources.BINDING_LABEL, Renderer.labelValue(ws.binding.replace('/', '.')),
                FleetResources.MEMBER_LABEL, FleetNames.memberLabel(member.getMetadata().getNamespace(),
                        member.getMetadata().getName())));
        w.getMetadata().setFinalizers(List.of(WorkReconciler.FINALIZER));
        w.setSpec(ws);
        try {
            hub.client().resource(w).create();
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            if (e.getCode() == 409) {
                return; // made by an earlier pass the cache has not seen yet; the next pass updates it
            }
            throw e;
        }
        audit(ws, "created");
    }

    /** One line of the audit log (references and the version's hash, never the object's content). */
    private void audit(WorkSpec ws, String action) {
        Object kind = ((Map<?, ?>) ws.manifest.getValue()).get("kind");
        Object meta = ((Map<?, ?>) ws.manifest.getValue()).get("metadata");
        Object name = meta instanceof Map<?, ?> m ? m.get("name") : null;
        Object ns = meta instanceof Map<?, ?> m ? m.get("namespace") : null;
        hub.history().propagated(new dev.arca.fleet.store.PropagationRecord(hub.clock().instant(), ws.binding,
                kind + "/" + (ns == null ? "" : ns + "/") + name, ws.cluster, ws.cell, ws.templateHash, action));
    }

    /** Deletes the Works whose target is no longer placed, or that the rollout does not give anything yet. */
    void deleteOthers(List<Work> works, Set<String> targets, Set<String> desired) {
        for (Work w : works) {
            String k = BindingStatuses.key(w.getSpec().cluster, w.getSpec().cell);
            if ((!targets.contains(k) || !desired.contains(k)) && w.getMetadata().getDeletionTimestamp() == null) {
                hub.client().resource(w).delete();
                audit(w.getSpec(), "deleted");
            }
        }
    }

    private static String key(MemberCluster m) {
        return m.getMetadata().getNamespace() + "/" + m.getMetadata().getName();
    }
}
