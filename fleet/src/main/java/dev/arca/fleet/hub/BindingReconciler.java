package dev.arca.fleet.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.api.ArcaException;
import dev.arca.fleet.placement.Decision;
import dev.arca.fleet.placement.Masks;
import dev.arca.fleet.placement.Placed;
import dev.arca.fleet.placement.RolloutPlan;
import dev.arca.fleet.placement.RolloutPlanner;
import dev.arca.fleet.placement.Scheduler;
import dev.arca.fleet.placement.Topology;
import dev.arca.fleet.render.TemplateHash;
import dev.arca.fleet.resources.BindingStatus;
import dev.arca.fleet.resources.ClusterPropagationPolicy;
import dev.arca.fleet.resources.MemberCluster;
import dev.arca.fleet.resources.ObjectRef;
import dev.arca.fleet.resources.PolicySpec;
import dev.arca.fleet.resources.PropagationPolicy;
import dev.arca.fleet.resources.ResourceBinding;
import dev.arca.fleet.resources.Work;
import dev.arca.server.controller.StatusPatch;
import io.fabric8.kubernetes.api.model.AnyType;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Places one hub object: its policy's placement over the visible members and cells, the rollout
 * mask, the rollout step, then one Work per target with the rendered object. Works of targets no
 * longer placed are deleted. The status gathers what every member reports. Deleting the binding
 * (its object went, or its policy stopped selecting it) removes its Works first; each Work's own
 * removal is bounded by the member timeout, so the binding never waits on a dead member for long.
 */
final class BindingReconciler implements Reconciler<ResourceBinding>, Cleaner<ResourceBinding> {
    static final String FINALIZER = "fleet.arca.dev/works";
    private static final ObjectMapper JSON = Serialization.jsonMapper();
    private static final Duration DEFAULT_GRACE = Duration.ofMinutes(5);
    private static final Duration DEFAULT_HEALTH_TIMEOUT = Duration.ofMinutes(5);
    private final HubContext hub;
    private final WorkWriter writer;
    /** Per binding ({@code namespace/name}), the resourceVersion its last status write by this hub gave it. */
    private final Map<String, String> written = new java.util.concurrent.ConcurrentHashMap<>();
    private final HubAggregate aggregates = new HubAggregate();

    BindingReconciler(HubContext hub) {
        this.hub = hub;
        this.writer = new WorkWriter(hub);
    }

    @Override
    public List<io.javaoperatorsdk.operator.processing.event.source.EventSource<?, ResourceBinding>> prepareEventSources(
            io.javaoperatorsdk.operator.api.reconciler.EventSourceContext<ResourceBinding> context) {
        return List.of(hub.triggers().bindings());
    }

    @Override
    public UpdateControl<ResourceBinding> reconcile(ResourceBinding b, Context<ResourceBinding> context) {
        ObjectRef r = b.getSpec().resource;
        Optional<GenericKubernetesResource> found = hub.templates().get(r.apiVersion, r.kind, r.namespace, r.name);
        if (found.isEmpty() || (r.uid != null && !r.uid.equals(found.get().getMetadata().getUid()))) {
            written.remove(b.getMetadata().getNamespace() + "/" + b.getMetadata().getName());
            if (r.uid != null) {
                aggregates.forget(r.uid);
            }
            hub.client().resource(b).delete();
            return UpdateControl.noUpdate();
        }
        Instant now = hub.clock().instant();
        // the rollout state must be the last one written, not a stale cache's: a pass on a stale copy would take a
        // change for the first version and send it everywhere past the mask. The hub alone writes a binding's
        // status, so a cached copy at the version of its own last write is the latest; any other costs a GET.
        // Even then, a new version or a rollout in progress is planned from the API server's copy: a hub that was
        // paused past its lease may not have seen its successor's writes yet.
        String key = b.getMetadata().getNamespace() + "/" + b.getMetadata().getName();
        ObjectNode template = JSON.valueToTree(found.get());
        String hash = TemplateHash.of(template);
        boolean settled = b.getStatus() != null && hash.equals(b.getStatus().observedTemplate)
                && (b.getStatus().rollout == null || !"Progressing".equals(b.getStatus().rollout.state));
        ResourceBinding latest = settled && b.getMetadata().getResourceVersion().equals(written.get(key)) ? b
                : hub.client().resource(b).get();
        if (latest == null) {
            return UpdateControl.noUpdate();
        }
        b = latest;
        BindingStatus before = b.getStatus() == null ? new BindingStatus() : b.getStatus();
        BindingStatus status = new BindingStatus();
        status.conditions = new ArrayList<>(before.conditions);
        PolicySpec spec = policy(b.getSpec().policy);
        if (spec == null) {
            status.conditions = StatusPatch.setCondition(status.conditions, "Scheduled", false, "PolicyMissing",
                    "the policy " + b.getSpec().policy + " no longer exists; members keep what they hold", now);
            return finish(b, found.get(), before, status, now);
        }
        List<MemberCluster> members = visibleMembers(b.getSpec().policy);
        Decision decision;
        Topology topology = Topologies.of(members, hub.caches(), hub.clock());
        Duration grace;
        try {
            grace = RolloutPlanner.parseDuration(spec.failover == null ? null : spec.failover.unreachableGrace, DEFAULT_GRACE);
            decision = Scheduler.place(spec.placement, topology, replicas(template), grace, now);
        } catch (ArcaException.InvalidInput e) {
            status.conditions = StatusPatch.setCondition(status.conditions, "Scheduled", false, "PlacementFailed",
                    e.getMessage(), now);
            return finish(b, found.get(), before, status, now);
        }
        List<Placed> targets = CellWorkloads.forKind(r.kind,
                Masks.apply(spec.rollout == null ? null : spec.rollout.mask, decision.targets()));
        status.conditions = StatusPatch.setCondition(status.conditions, "Scheduled", !targets.isEmpty(),
                targets.isEmpty() ? "NoTarget" : "Scheduled", targets.isEmpty()
                        ? "no member or cell matches the placement and mask" + warnings(decision)
                        : "placed on " + targets.size() + " target(s)" + warnings(decision), now);
        List<Work> works = hub.caches().works(b.getMetadata().getNamespace(), b.getMetadata().getName());
        Map<String, Work> byKey = BindingStatuses.byKey(works);
        RolloutPlan plan = plan(spec, before.rollout, hash, targets, byKey, now);
        status.rollout = plan.status();
        keepTemplates(spec, before.rollout, status.rollout, hash, template);
        if (spec.rollout != null && !spec.rollout.steps.isEmpty()) { // without steps a change simply goes everywhere
            for (String event : plan.events()) {
                hub.events().normal(b, "Rollout", event);
            }
        }
        ObjectNode previous = previousTemplate(status.rollout);
        String renderError = writer.write(b, spec, targets, plan.desired(), hash, template,
                new WorkWriter.Version(previous, previous == null ? Map.of() : shares(spec, topology, previous, grace, now, r.kind)),
                members, byKey);
        status.conditions = StatusPatch.setCondition(status.conditions, "Rendered", renderError == null,
                renderError == null ? "Rendered" : "OverrideFailed", renderError == null ? "every target rendered" : renderError, now);
        if (renderError != null && !renderError.equals(conditionMessage(before.conditions, "Rendered"))) {
            hub.events().warning(b, "OverrideFailed", renderError);
        }
        Set<String> keep = new HashSet<>();
        targets.forEach(p -> keep.add(p.key()));
        writer.deleteOthers(works, keep, plan.desired().keySet());
        status.targets = targets.stream().map(BindingReconciler::target).toList();
        status.observedTemplate = hash;
        return finish(b, found.get(), before, status, now);
    }

    private UpdateControl<ResourceBinding> finish(ResourceBinding b, GenericKubernetesResource object, BindingStatus before,
                                                  BindingStatus status, Instant now) {
        List<Work> works = hub.caches().works(b.getMetadata().getNamespace(), b.getMetadata().getName());
        status.members = BindingStatuses.members(works, hub.caches()::member);
        status.aggregate = BindingStatuses.aggregate(status.targets.size(), status.members);
        status.conditions = StatusPatch.setCondition(status.conditions, "Healthy", BindingStatuses.allHealthy(status.aggregate),
                BindingStatuses.allHealthy(status.aggregate) ? "AllHealthy" : "NotAllHealthy",
                BindingStatuses.summary(status.aggregate), now);
        if (!StatusWrite.same(before, status)) {
            ResourceBinding after = StatusWrite.patched(hub.client(), b, status);
            String key = b.getMetadata().getNamespace() + "/" + b.getMetadata().getName();
            if (after == null) {
                written.remove(key);
            } else {
                written.put(key, after.getMetadata().getResourceVersion());
            }
            BindingStatuses.recordChanges(hub.history(), b.getMetadata().getNamespace() + "/" + b.getMetadata().getName(),
                    before.members, status.members, now);
        }
        aggregates.write(hub.client(), object, status.aggregate);
        // a Work's status change, a template change or a member's reachability change triggers a pass anyway;
        // the clock matters only to a rollout step's health timeout and to a disconnect's grace
        boolean timed = status.rollout != null && "Progressing".equals(status.rollout.state) || status.aggregate.stale > 0;
        return UpdateControl.<ResourceBinding>noUpdate().rescheduleAfter(timed ? hub.resync() : hub.resync().multipliedBy(6));
    }

    @Override
    public DeleteControl cleanup(ResourceBinding b, Context<ResourceBinding> context) {
        List<Work> works = hub.caches().works(b.getMetadata().getNamespace(), b.getMetadata().getName());
        if (works.isEmpty()) {
            written.remove(b.getMetadata().getNamespace() + "/" + b.getMetadata().getName());
            return DeleteControl.defaultDelete();
        }
        for (Work w : works) {
            if (w.getMetadata().getDeletionTimestamp() == null) {
                hub.client().resource(w).delete();
            }
        }
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(Duration.ofSeconds(2));
    }

    private static Integer replicas(ObjectNode template) {
        return template.path("spec").path("replicas").isInt() ? template.path("spec").path("replicas").asInt() : null;
    }

    /** Each target's replicas for the previous version (a rollback puts back its replicas, not this version's). */
    private static Map<String, Integer> shares(PolicySpec spec, Topology topology, ObjectNode previous, Duration grace,
                                               Instant now, String kind) {
        Map<String, Integer> out = new java.util.HashMap<>();
        try {
            Decision d = Scheduler.place(spec.placement, topology, replicas(previous), grace, now);
            CellWorkloads.forKind(kind, Masks.apply(spec.rollout == null ? null : spec.rollout.mask, d.targets()))
                    .forEach(p -> out.put(p.key(), p.replicas()));
        } catch (ArcaException.InvalidInput e) {
            // the previous version's own replicas stay as its template has them
        }
        return out;
    }

    private RolloutPlan plan(PolicySpec spec, BindingStatus.RolloutStatus cur, String hash, List<Placed> targets,
                             Map<String, Work> byKey, Instant now) {
        Map<String, dev.arca.fleet.placement.Observed> observed = new java.util.HashMap<>();
        byKey.forEach((k, w) -> observed.put(k, new dev.arca.fleet.placement.Observed(
                w.getStatus() == null ? null : w.getStatus().templateHash,
                w.getStatus() == null || w.getStatus().health == null ? "Unknown" : w.getStatus().health)));
        String previous = previousHash(cur, hash);
        if (previous == null && spec.rollout != null && !spec.rollout.steps.isEmpty()) {
            previous = heldVersion(byKey, hash); // no record of a rollout, but members hold another version: not a first one
        }
        return RolloutPlanner.plan(spec.rollout, cur, hash, previous, targets, observed, DEFAULT_HEALTH_TIMEOUT, now);
    }

    /** The version most Works hold other than {@code hash}, or null when none holds another. */
    static String heldVersion(Map<String, Work> byKey, String hash) {
        Map<String, Long> counts = new java.util.TreeMap<>();
        byKey.values().stream().map(w -> w.getSpec().templateHash).filter(h -> h != null && !h.equals(hash))
                .forEach(h -> counts.merge(h, 1L, Long::sum));
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    }

    /** The version a rollout replaces: kept while the same change rolls, and the finished one when a new change comes. */
    static String previousHash(BindingStatus.RolloutStatus cur, String hash) {
        if (cur == null) {
            return null;
        }
        if (hash.equals(cur.templateHash)) {
            return cur.previousTemplateHash;
        }
        return "Complete".equals(cur.state) ? cur.templateHash : cur.previousTemplateHash;
    }

    /**
     * With rollout steps, the status keeps this version's object and the previous one, for a rollback. Never a
     * Secret's: its data would sit in a status that readers of bindings see (a Secret is not rolled back).
     */
    static void keepTemplates(PolicySpec spec, BindingStatus.RolloutStatus cur, BindingStatus.RolloutStatus next,
                              String hash, ObjectNode template) {
        if (spec.rollout == null || spec.rollout.steps == null || spec.rollout.steps.isEmpty() || next == null
                || ("Secret".equals(template.path("kind").asText()) && "v1".equals(template.path("apiVersion").asText()))) {
            return;
        }
        next.template = new AnyType(JSON.convertValue(dev.arca.fleet.render.Renderer.stripped(template), Object.class));
        if (cur == null) {
            return;
        }
        next.previousTemplate = hash.equals(cur.templateHash) ? cur.previousTemplate
                : "Complete".equals(cur.state) ? cur.template : cur.previousTemplate;
    }

    private static ObjectNode previousTemplate(BindingStatus.RolloutStatus rollout) {
        if (rollout == null || rollout.previousTemplate == null) {
            return null;
        }
        JsonNode tree = JSON.valueToTree(rollout.previousTemplate.getValue());
        return tree instanceof ObjectNode o ? o : null;
    }

    private PolicySpec policy(ObjectRef ref) {
        if (ref == null) {
            return null;
        }
        return "ClusterPropagationPolicy".equals(ref.kind)
                ? hub.caches().get(ClusterPropagationPolicy.class, null, ref.name).map(p -> p.getSpec()).orElse(null)
                : hub.caches().get(PropagationPolicy.class, ref.namespace, ref.name).map(p -> p.getSpec()).orElse(null);
    }

    /** A namespaced policy sees the members of its namespace's workspace; a cluster policy sees all. */
    private List<MemberCluster> visibleMembers(ObjectRef policy) {
        String ns = "ClusterPropagationPolicy".equals(policy.kind) ? null : hub.caches().workspace(policy.namespace);
        return hub.caches().list(MemberCluster.class, ns).stream()
                .filter(m -> m.getMetadata().getDeletionTimestamp() == null).toList();
    }

    private static BindingStatus.Target target(Placed p) {
        BindingStatus.Target t = new BindingStatus.Target();
        t.cluster = p.cluster();
        t.cell = p.cell();
        t.replicas = p.replicas();
        return t;
    }

    private static String warnings(Decision d) {
        return d.warnings().isEmpty() ? "" : "; " + String.join("; ", d.warnings());
    }

    private static String conditionMessage(List<Condition> conditions, String type) {
        return conditions.stream().filter(c -> type.equals(c.getType())).map(Condition::getMessage).findFirst().orElse(null);
    }
}
