package dev.arca.fleet.hub;

import dev.arca.fleet.placement.Selection;
import dev.arca.fleet.render.Dependencies;
import dev.arca.fleet.resources.BindingSpec;
import dev.arca.fleet.resources.FleetResources;
import dev.arca.fleet.resources.ObjectRef;
import dev.arca.fleet.resources.PolicySpec;
import dev.arca.fleet.resources.PolicyStatus;
import dev.arca.fleet.resources.ResourceBinding;
import dev.arca.server.controller.StatusPatch;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Claims the hub objects a policy selects: one ResourceBinding per object (and, with
 * {@code propagateDeps}, per ConfigMap, Secret and ServiceAccount a selected workload uses), owned by
 * the object so that it goes when the object goes. A binding the policy no longer selects is
 * deleted (its members' copies follow); deleting the policy leaves its bindings as they are, as
 * Karmada does, so that no fleet-wide removal follows from one mistaken delete. A namespaced
 * policy sees only its own namespace; where both kinds select an object, the namespaced one wins.
 */
abstract class PolicyReconciler<P extends CustomResource<PolicySpec, PolicyStatus>> implements Reconciler<P> {
    /** Where bindings are created: a few requests at a time, shared by every policy pass. */
    private static final java.util.concurrent.ExecutorService CREATES = java.util.concurrent.Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "fleet-binding-create");
        t.setDaemon(true);
        return t;
    });
    private final HubContext hub;
    private final Trigger<P> trigger;

    PolicyReconciler(HubContext hub, Trigger<P> trigger) {
        this.hub = hub;
        this.trigger = trigger;
    }

    @Override
    public List<io.javaoperatorsdk.operator.processing.event.source.EventSource<?, P>> prepareEventSources(
            io.javaoperatorsdk.operator.api.reconciler.EventSourceContext<P> context) {
        return List.of(trigger);
    }

    @Override
    public UpdateControl<P> reconcile(P policy, Context<P> context) {
        boolean namespaced = policy instanceof Namespaced;
        String ns = namespaced ? policy.getMetadata().getNamespace() : null;
        Instant now = hub.clock().instant();
        Map<String, ObjectRef> selected = new LinkedHashMap<>();
        String problem = null;
        try {
            for (PolicySpec.ResourceSelector s : policy.getSpec().resourceSelectors) {
                if (namespaced && s.namespace != null && !s.namespace.isEmpty() && !s.namespace.equals(ns)) {
                    throw new dev.arca.api.ArcaException.InvalidInput("a PropagationPolicy selects only in its own namespace "
                            + ns + ", but a resourceSelector names namespace " + s.namespace
                            + "; use a ClusterPropagationPolicy, or move the policy");
                }
                for (GenericKubernetesResource o : hub.templates().list(s.apiVersion, s.kind, ns)) {
                    if (o.getMetadata().getDeletionTimestamp() == null && Selection.matches(s, o.getApiVersion(),
                            o.getKind(), o.getMetadata().getNamespace(), o.getMetadata().getName(), o.getMetadata().getLabels())) {
                        add(selected, o);
                        if (policy.getSpec().propagateDeps) {
                            addDependencies(selected, o);
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            problem = Messages.describe(e, "selecting the objects of " + describe(policy));
        }
        if (problem == null) {
            // a changed policy re-places all its bindings; otherwise only new and gone objects matter here
            // (an object's own change reaches its binding directly), so M objects cost M passes, not M x M
            boolean changed = policy.getStatus() == null
                    || !java.util.Objects.equals(policy.getStatus().observedGeneration, policy.getMetadata().getGeneration());
            claim(policy, selected, changed);
        }
        PolicyStatus status = new PolicyStatus();
        List<io.fabric8.kubernetes.api.model.Condition> before = policy.getStatus() == null ? List.of() : policy.getStatus().conditions;
        String reason = problem != null ? "InvalidSelector" : selected.isEmpty() ? "NothingSelected" : "Selected";
        String message = problem != null ? problem : selected.isEmpty()
                ? describe(policy) + " selects no object: check its resourceSelectors (kind, apiVersion, names, labels)"
                : describe(policy) + " selects " + selected.size() + " object(s)";
        status.conditions = StatusPatch.setCondition(before, "Selecting", problem == null && !selected.isEmpty(), reason, message, now);
        status.matched = selected.size();
        status.observedGeneration = policy.getMetadata().getGeneration();
        boolean reasonChanged = before.stream().noneMatch(c -> "Selecting".equals(c.getType()) && reason.equals(c.getReason()));
        if (reasonChanged && !"Selected".equals(reason) && namespaced) {
            hub.events().warning(policy, reason, message);
        }
        if (policy.getStatus() == null || !Objects.equals(policy.getStatus().matched, status.matched) || reasonChanged
                || !Objects.equals(policy.getStatus().observedGeneration, status.observedGeneration)) {
            StatusWrite.patch(hub.client(), policy, status);
        }
        return UpdateControl.<P>noUpdate().rescheduleAfter(hub.resync().multipliedBy(6));
    }

    private void addDependencies(Map<String, ObjectRef> selected, GenericKubernetesResource workload) {
        var tree = io.fabric8.kubernetes.client.utils.Serialization.jsonMapper().valueToTree(workload);
        for (ObjectRef dep : Dependencies.of(tree)) {
            hub.templates().get(dep.apiVersion, dep.kind, dep.namespace, dep.name).ifPresent(o -> add(selected, o));
        }
    }

    private static void add(Map<String, ObjectRef> selected, GenericKubernetesResource o) {
        ObjectRef ref = new ObjectRef(o.getApiVersion(), o.getKind(), o.getMetadata().getNamespace(), o.getMetadata().getName());
        ref.uid = o.getMetadata().getUid();
        selected.putIfAbsent(FleetNames.binding(ref.apiVersion, ref.kind, ref.name) + "@" + ref.namespace, ref);
    }

    /** Creates or takes over the bindings of {@code selected}; deletes those of this policy it no longer selects. */
    private void claim(P policy, Map<String, ObjectRef> selected, boolean policyChanged) {
        ObjectRef me = policyRef(policy);
        List<java.util.concurrent.CompletableFuture<Void>> creating = new java.util.ArrayList<>();
        for (ObjectRef ref : selected.values()) {
            String bns = bindingNamespace(ref);
            String name = FleetNames.binding(ref.apiVersion, ref.kind, ref.name);
            ResourceBinding existing = hub.caches().get(ResourceBinding.class, bns, name).orElse(null);
            if (existing == null) { // a burst of new objects: their bindings are made side by side, not one after another
                creating.add(java.util.concurrent.CompletableFuture.runAsync(() -> create(bns, name, ref, me), CREATES));
            } else if (!same(existing.getSpec().policy, me) && takesOver(me, existing.getSpec().policy)) {
                ResourceBinding taken = new ResourceBinding(); // never the cache's own copy
                taken.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder(existing.getMetadata()).build());
                taken.setSpec(new BindingSpec());
                taken.getSpec().resource = existing.getSpec().resource;
                taken.getSpec().policy = me;
                hub.client().resource(taken).update();
            } else if (same(existing.getSpec().policy, me) && policyChanged) {
                hub.triggers().bindings().fire(bns, name);
            }
        }
        awaitAll(creating);
        // a namespaced policy's bindings are in its namespace (its objects' namespace): no need to look at every binding
        for (ResourceBinding b : hub.caches().list(ResourceBinding.class, policy instanceof Namespaced ? me.namespace : null)) {
            if (same(b.getSpec().policy, me) && !selected.containsKey(b.getMetadata().getName() + "@"
                    + b.getSpec().resource.namespace) && b.getMetadata().getDeletionTimestamp() == null) {
                hub.client().resource(b).delete();
            }
        }
    }

    /** Waits for every create; the first failure fails the pass (the controller tries again; made ones are kept). */
    private static void awaitAll(List<java.util.concurrent.CompletableFuture<Void>> creating) {
        RuntimeException first = null;
        for (var f : creating) {
            try {
                f.join();
            } catch (java.util.concurrent.CompletionException e) {
                first = first != null ? first : e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** A namespaced policy takes an object from a cluster policy, or from a policy that no longer exists. */
    private boolean takesOver(ObjectRef me, ObjectRef holder) {
        if (holder == null) {
            return true;
        }
        boolean holderExists = "ClusterPropagationPolicy".equals(holder.kind)
                ? hub.caches().get(dev.arca.fleet.resources.ClusterPropagationPolicy.class, null, holder.name).isPresent()
                : hub.caches().get(dev.arca.fleet.resources.PropagationPolicy.class, holder.namespace, holder.name).isPresent();
        return !holderExists || ("PropagationPolicy".equals(me.kind) && "ClusterPropagationPolicy".equals(holder.kind));
    }

    private void create(String namespace, String name, ObjectRef ref, ObjectRef policy) {
        ResourceBinding b = new ResourceBinding();
        b.getMetadata().setNamespace(namespace);
        b.getMetadata().setName(name);
        b.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder().withApiVersion(ref.apiVersion)
                .withKind(ref.kind).withName(ref.name).withUid(ref.uid).build()));
        b.setSpec(new BindingSpec());
        b.getSpec().resource = ref;
        b.getSpec().policy = policy;
        Kube.createIfAbsent(hub.client(), b);
    }

    static String bindingNamespace(ObjectRef ref) {
        return ref.namespace == null || ref.namespace.isEmpty() ? FleetResources.SYSTEM_NAMESPACE : ref.namespace;
    }

    private static ObjectRef policyRef(HasMetadata policy) {
        return new ObjectRef(policy.getApiVersion(), policy.getKind(), policy.getMetadata().getNamespace(),
                policy.getMetadata().getName());
    }

    private static boolean same(ObjectRef a, ObjectRef b) {
        return a != null && b != null && Objects.equals(a.kind, b.kind) && Objects.equals(a.name, b.name)
                && Objects.equals(emptyToNull(a.namespace), emptyToNull(b.namespace));
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    static String describe(HasMetadata policy) {
        return policy.getKind() + " " + (policy.getMetadata().getNamespace() == null ? ""
                : policy.getMetadata().getNamespace() + "/") + policy.getMetadata().getName();
    }
}
