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

    /** @return null, or the first override error (that target keeps what it had) */
    String write(ResourceBinding b, PolicySpec spec, List<Placed> targets, Map<String, String> desired, String hash,
                 ObjectNode template, ObjectNode previous, List<MemberCluster> members, Map<String, Work> existing) {
        String error = null;
        String ns = b.getSpec().resource.namespace == null || b.getSpec().resource.namespace.isEmpty()
                ? FleetResources.SYSTEM_NAMESPACE : b.getSpec().resource.namespace;
        List<OverridePolicy> overrides = hub.caches().list(OverridePolicy.class, ns);
        String bindingKey = b.getMetadata().getNamespace() + "." + b.getMetadata().getName();
        for (Placed p : targets) {
            String want = desired.get(p.key());
            ObjectNode source = want == null ? null : want.equals(hash) ? template : previous;
            MemberCluster member = members.stream().filter(m -> p.cluster().equals(key(m))).findFirst().orElse(null);
            if (source == null || member == null) {
                continue;
            }
            try {
                RenderTarget rt = new RenderTarget(member.getMetadata().getNamespace(), member.getMetadata().getName(),
                        member.getMetadata().getLabels() == null ? Map.of() : member.getMetadata().getLabels(),
                        p.cell(), p.nodeSelector(), p.replicas());
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
        hub.client().resource(w).create();
    }

    /** Deletes the Works whose target is no longer placed, or that the rollout does not give anything yet. */
    void deleteOthers(List<Work> works, Set<String> targets, Set<String> desired) {
        for (Work w : works) {
            String k = BindingStatuses.key(w.getSpec().cluster, w.getSpec().cell);
            if ((!targets.contains(k) || !desired.contains(k)) && w.getMetadata().getDeletionTimestamp() == null) {
                hub.client().resource(w).delete();
            }
        }
    }

    private static String key(MemberCluster m) {
        return m.getMetadata().getNamespace() + "/" + m.getMetadata().getName();
    }
}
