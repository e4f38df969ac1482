package dev.arca.fleet.hub;

import dev.arca.fleet.members.FleetCrds;
import dev.arca.fleet.members.FleetKey;
import dev.arca.fleet.members.MemberClients;
import dev.arca.fleet.resources.Cell;
import dev.arca.fleet.resources.ClusterPropagationPolicy;
import dev.arca.fleet.resources.FleetResources;
import dev.arca.fleet.resources.MemberCluster;
import dev.arca.fleet.resources.OverridePolicy;
import dev.arca.fleet.resources.PolicySpec;
import dev.arca.fleet.resources.PropagationPolicy;
import dev.arca.fleet.resources.ResourceBinding;
import dev.arca.fleet.resources.Work;
import dev.arca.fleet.store.FleetHistory;
import dev.arca.server.controller.Events;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub: the fleet's controllers on one JOSDK {@link Operator} over every namespace of the hub
 * cluster, behind leader election on the Lease {@value #LEASE} in {@link FleetResources#SYSTEM_NAMESPACE}.
 * Installs the fleet CRDs when they are missing. {@code arca fleet hub} runs it.
 */
public final class FleetHub implements AutoCloseable {
    public static final String LEASE = "arca-fleet-hub";
    private static final Logger LOG = LoggerFactory.getLogger(FleetHub.class);
    private final Operator operator;
    private final HubContext context;

    /**
     * @param identity       this process's name in the Lease
     * @param key            opens the members' sealed credentials
     * @param resync         how often member state is read again (and a rollout step re-checked)
     * @param leaderElection false only in tests that run one hub in the test JVM
     * @param history        where the audit log and status history go ({@link FleetHistory#none()}: nowhere)
     */
    public record Options(String identity, FleetKey key, Clock clock, Duration resync, boolean leaderElection,
                          FleetHistory history) {
        public static Options defaults(String identity, FleetKey key) {
            return new Options(identity, key, Clock.systemUTC(), Duration.ofSeconds(10), true, FleetHistory.none());
        }

        public Options withResync(Duration d) {
            return new Options(identity, key, clock, d, leaderElection, history);
        }

        public Options withoutLeaderElection() {
            return new Options(identity, key, clock, resync, false, history);
        }

        /** Keeps the audit log and status history there (the hub closes it when it stops). */
        public Options withHistory(FleetHistory h) {
            return new Options(identity, key, clock, resync, leaderElection, h);
        }
    }

    private FleetHub(Operator operator, HubContext context) {
        this.operator = operator;
        this.context = context;
    }

    public static FleetHub start(KubernetesClient hub, Options o) {
        FleetCrds.install(hub);
        Kube.createIfAbsent(hub, new NamespaceBuilder().withNewMetadata().withName(FleetResources.SYSTEM_NAMESPACE)
                .endMetadata().build());
        HubCaches caches = new HubCaches(hub);
        HubContext.Triggers triggers = new HubContext.Triggers(new Trigger<>("policy-trigger"),
                new Trigger<>("cluster-policy-trigger"), new Trigger<>("binding-trigger"), new Trigger<>("work-trigger"));
        TemplateWatch templates = new TemplateWatch(hub, (type, obj, selection) -> onTemplate(caches, triggers, type, obj, selection));
        MemberWatch watches = new MemberWatch(copy -> caches.worksForCopy(copy).forEach(w ->
                triggers.works().fire(w.getMetadata().getNamespace(), w.getMetadata().getName())), o.clock());
        HubContext ctx = new HubContext(hub, caches, new MemberClients(hub, o.key()), watches, templates, triggers,
                new Events(hub, o.clock(), "arca-fleet"), o.clock(), o.resync(), o.history());
        // the members' Works of one binding report in a burst: one pass a moment later reads them all
        Duration settle = Duration.ofMillis(Math.max(100, Math.min(1_000, o.resync().toMillis() / 10)));
        caches.onChange(Work.class, w -> fireBinding(triggers, w.getSpec() == null ? null : w.getSpec().binding, settle));
        caches.onChange(Cell.class, c -> fireAllBindings(caches, triggers));
        // a policy's own reconcile fires its bindings; an OverridePolicy concerns its namespace's bindings only
        caches.onChange(OverridePolicy.class, p -> fireBindingsIn(caches, triggers, p.getMetadata().getNamespace()));
        java.util.Map<String, String> placementInputs = new java.util.concurrent.ConcurrentHashMap<>();
        caches.onChange(MemberCluster.class, m -> { // labels and deletion move placement; status alone does not
            String key = m.getMetadata().getNamespace() + "/" + m.getMetadata().getName();
            String inputs = m.getMetadata().getLabels() + "|" + m.getMetadata().getDeletionTimestamp() + "|" + m.getSpec().syncMode;
            boolean changed = m.getMetadata().getDeletionTimestamp() != null ? placementInputs.remove(key) != null
                    : !inputs.equals(placementInputs.put(key, inputs));
            if (changed) {
                fireAllBindings(caches, triggers);
            }
        });
        caches.start();
        Operator operator = new Operator(c -> {
            c.withKubernetesClient(hub).withCloseClientOnStop(false).withUseSSAToPatchPrimaryResource(false);
            if (o.leaderElection()) {
                c.withLeaderElectionConfiguration(new LeaderElectionConfiguration(LEASE, FleetResources.SYSTEM_NAMESPACE,
                        Duration.ofSeconds(10), Duration.ofSeconds(7), Duration.ofSeconds(2), o.identity(),
                        new LeaderCallbacks(() -> LOG.info("{} leads the fleet", o.identity()),
                                () -> LOG.warn("{} lost the lease {}", o.identity(), LEASE),
                                id -> LOG.info("the fleet's leader is {}", id)), true));
            }
        });
        Duration max = o.resync().multipliedBy(6);
        operator.register(new MemberClusterReconciler(ctx), c -> c.withFinalizer(MemberClusterReconciler.FINALIZER)
                .withReconciliationMaxInterval(max).withGenerationAware(false));
        operator.register(new CellReconciler(ctx), c -> c.withReconciliationMaxInterval(max));
        operator.register(new PropagationPolicyReconciler(ctx), c -> c.withReconciliationMaxInterval(max));
        operator.register(new ClusterPropagationPolicyReconciler(ctx), c -> c.withReconciliationMaxInterval(max));
        operator.register(new BindingReconciler(ctx), c -> c.withFinalizer(BindingReconciler.FINALIZER)
                .withReconciliationMaxInterval(max).withGenerationAware(false));
        // a Work looks again when its spec changes, its copy changes on the member, or on the clock; not at
        // its own status writes
        operator.register(new WorkReconciler(ctx), c -> c.withFinalizer(WorkReconciler.FINALIZER)
                .withReconciliationMaxInterval(max).withGenerationAware(true));
        operator.start();
        return new FleetHub(operator, ctx);
    }

    /**
     * A template changed: its binding looks again, and, when what policies select by may have changed, so does
     * every policy that selects its kind (a policy's pass lists all its objects: not at every data change).
     */
    private static void onTemplate(HubCaches caches, HubContext.Triggers triggers, String type, GenericKubernetesResource obj,
                                   boolean selection) {
        String ns = obj.getMetadata().getNamespace();
        triggers.bindings().fire(ns == null ? FleetResources.SYSTEM_NAMESPACE : ns,
                FleetNames.binding(obj.getApiVersion(), obj.getKind(), obj.getMetadata().getName()));
        if (!selection) {
            return;
        }
        for (PropagationPolicy p : caches.list(PropagationPolicy.class, ns)) {
            if (selects(p.getSpec(), type)) {
                triggers.policies().fire(p.getMetadata().getNamespace(), p.getMetadata().getName());
            }
        }
        for (ClusterPropagationPolicy p : caches.list(ClusterPropagationPolicy.class, null)) {
            if (selects(p.getSpec(), type)) {
                triggers.clusterPolicies().fire(null, p.getMetadata().getName());
            }
        }
    }

    private static boolean selects(PolicySpec spec, String type) {
        return spec != null && spec.resourceSelectors.stream().anyMatch(s -> TemplateWatch.key(s.apiVersion, s.kind).equals(type));
    }

    private static void fireBinding(HubContext.Triggers triggers, String binding, Duration settle) {
        int slash = binding == null ? -1 : binding.indexOf('/');
        if (slash > 0) {
            triggers.bindings().fireSoon(binding.substring(0, slash), binding.substring(slash + 1), settle);
        }
    }

    private static void fireBindingsIn(HubCaches caches, HubContext.Triggers triggers, String namespace) {
        for (HasMetadata b : caches.list(ResourceBinding.class, namespace)) {
            triggers.bindings().fire(b.getMetadata().getNamespace(), b.getMetadata().getName());
        }
    }

    private static void fireAllBindings(HubCaches caches, HubContext.Triggers triggers) {
        for (HasMetadata b : caches.list(ResourceBinding.class, null)) {
            triggers.bindings().fire(b.getMetadata().getNamespace(), b.getMetadata().getName());
        }
    }

    /** Started, and every informer healthy. */
    public boolean ready() {
        return operator.getRuntimeInfo().isStarted() && operator.getRuntimeInfo().allEventSourcesAreHealthy();
    }

    @Override
    public void close() {
        operator.stop();
        context.templates().close();
        context.caches().close();
        context.watches().close();
        context.members().close();
        context.history().close();
    }
}
