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
    /** The Work annotation holding {@link #inputs}. */
    static final String INPUTS = FleetResources.GROUP + "/inputs";
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
            Integer replicas = current ? p.replicas() : previous.replicas().get(p.key());
            Work work = existing.get(p.key());
            String inputs = inputs(want, member, p, replicas, overrides, spec);
            if (work != null && want.equals(work.getSpec().templateHash) && inputs.equals(annotation(work))) {
                continue; // rendered from these very inputs already: no render, no comparison
            }
            try {
                RenderTarget rt = new RenderTarget(member.getMetadata().getNamespace(), member.getMetadata().getName(),
                        member.getMetadata().getLabels() == null ? Map.of() : member.getMetadata().getLabels(),
                        p.cell(), p.nodeSelector(), replicas);
                ObjectNode manifest = CellWorkloads.forCell(Renderer.render(source, rt, overrides, spec.sync, bindingKey), p.cell());
                upsert(b, spec, p, member, manifest, want, inputs, work);
            } catch (OverrideException e) {
                error = error == null ? e.getMessage() : error;
            }
        }
        return error;
    }

    /**
     * A fingerprint of everything a Work's content comes from besides the version's own content (named by
     * its hash): the member, the target, the replicas, the overrides' versions and the policy's sync and
     * deletion rules. A Work made from the same version and the same inputs needs no render.
     */
    static String inputs(String hash, MemberCluster member, Placed p, Integer replicas, List<OverridePolicy> overrides,
                         PolicySpec spec) {
        StringBuilder sb = new StringBuilder(hash).append('|').append(member.getMetadata().getNamespace()).append('/')
                .append(member.getMetadata().getName()).append('|').append(new java.util.TreeMap<>(
                        member.getMetadata().getLabels() == null ? Map.of() : member.getMetadata().getLabels()))
                .append('|').append(p.cell()).append('|').append(p.nodeSelector() == null ? null : new java.util.TreeMap<>(p.nodeSelector()))
                .append('|').append(replicas);
        for (OverridePolicy o : overrides) {
            sb.append('|').append(o.getMetadata().getName()).append('@').append(o.getMetadata().getUid()).append('#')
                    .append(o.getMetadata().getGeneration());
        }
        com.fasterxml.jackson.databind.JsonNode sync = JSON.valueToTree(spec.sync); // typed: append(CharSequence) would be inferred
        com.fasterxml.jackson.databind.JsonNode deletion = JSON.valueToTree(spec.deletionPolicy);
        sb.append('|').append(sync).append('|').append(deletion);
        return Renderer.sha256Hex(sb.toString()).substring(0, 16);
    }

    private static String annotation(Work w) {
        return w.getMetadata().getAnnotations() == null ? null : w.getMetadata().getAnnotations().get(INPUTS);
    }

    private void upsert(ResourceBinding b, PolicySpec spec, Placed p, MemberCluster member, ObjectNode manifest,
                        String hash, String inputs, Work current) {
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
        boolean sameSpec = current != null && JSON.valueToTree(current.getSpec()).equals(JSON.valueToTree(ws));
        if (sameSpec && inputs.equals(annotation(current))) {
            return;
        }
        if (current != null) { // a new spec, or only new inputs (then a metadata write: the member is not written to)
            // a JSON patch, not an update at the cached resourceVersion: the Work's own status writes move its
            // version, and an update from a cache a moment behind met a conflict and failed the whole binding pass
            hub.client().resource(current).patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                    io.fabric8.kubernetes.client.dsl.base.PatchType.JSON), specPatch(current, ws, inputs).toString());
            if (!sameSpec) {
                audit(ws, "updated");
            }
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
        w.getMetadata().setAnnotations(Map.of(INPUTS, inputs));
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

    /** Replaces the Work's spec whole and sets its inputs annotation; the hub is a Work's one spec writer. */
    static com.fasterxml.jackson.databind.node.ArrayNode specPatch(Work current, WorkSpec spec, String inputs) {
        var ops = JSON.createArrayNode();
        ops.addObject().put("op", "replace").put("path", "/spec").set("value", JSON.valueToTree(spec));
        if (current.getMetadata().getAnnotations() == null || current.getMetadata().getAnnotations().isEmpty()) {
            ops.addObject().put("op", "add").put("path", "/metadata/annotations").set("value",
                    JSON.createObjectNode().put(INPUTS, inputs));
        } else {
            ops.addObject().put("op", "add").put("path", "/metadata/annotations/" + INPUTS.replace("~", "~0").replace("/", "~1"))
                    .put("value", inputs);
        }
        return ops;
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
