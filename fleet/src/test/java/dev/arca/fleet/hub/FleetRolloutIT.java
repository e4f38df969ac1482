package dev.arca.fleet.hub;

import static dev.arca.fleet.hub.FleetHubIT.WAIT;
import static dev.arca.fleet.hub.FleetHubIT.awaitBinding;
import static dev.arca.fleet.hub.FleetHubIT.hub;
import static dev.arca.fleet.hub.FleetHubIT.namespace;
import static dev.arca.fleet.hub.FleetHubIT.policy;
import static dev.arca.fleet.hub.FleetHubIT.replicas;
import static dev.arca.fleet.hub.FleetHubIT.select;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arca.fleet.resources.BindingStatus;
import dev.arca.fleet.resources.PolicySpec;
import dev.arca.fleet.resources.Rollout;
import dev.arca.fleet.resources.SyncRules;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rollout masks on real controllers: a Deployment of 0 replicas is healthy at once; a new pod
 * template with 1 replica and a 1-second progress deadline fails on a member without a node (its pod
 * is never scheduled), which the member's own deployment controller reports as
 * ProgressDeadlineExceeded. Also metadata
 * rules, retained fields and CreateOnly.
 */
class FleetRolloutIT {

    @BeforeAll
    static void start() {
        FleetHubIT.fleet = FleetFixture.shared();
    }

    @Test
    void aBadVersionReachesOnlyTheFirstStepHaltsAndIsRolledBackWhileTheRestKeepsTheGoodOne() throws Exception {
        FleetFixture fleet = FleetHubIT.fleet;
        String ns = namespace("rollout");
        hub().apps().deployments().inNamespace(ns).resource(FleetHubIT.deployment("app", 0, "registry.example/app:1")).create();
        PolicySpec spec = select("apps/v1", "Deployment", "app");
        spec.rollout = new Rollout();
        Rollout.Mask first = new Rollout.Mask();
        first.clusters = List.of("eu");
        spec.rollout.steps = List.of(first);
        spec.rollout.healthTimeout = "5m";
        spec.rollout.rollbackOnFailure = true;
        policy(ns, "canary", spec);
        awaitBinding(ns, "apps/v1", "Deployment", "app", s -> s.aggregate != null && s.aggregate.healthy == 2);

        AtomicInteger maxOnUs = new AtomicInteger();
        Thread watcher = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                maxOnUs.accumulateAndGet(Math.max(0, replicas(fleet.us.client(), ns, "app")), Math::max);
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        watcher.start();
        try {
            mergePatch(ns, "app", "{\"spec\":{\"replicas\":1,\"progressDeadlineSeconds\":1,\"template\":{\"spec\":"
                    + "{\"containers\":[{\"name\":\"app\",\"image\":\"registry.example/app:2\"}]}}}}"); // a new pod template
            BindingStatus s = awaitBinding(ns, "apps/v1", "Deployment", "app",
                    st -> st.rollout != null && "RolledBack".equals(st.rollout.state));
            assertThat(s.rollout.message).as("halted on health, not on the 5-minute timeout").doesNotContain("within");
            // The bad version's replicas on the first step may last less than a poll (its deadline is
            // one second), but the member's deployment controller leaves a ReplicaSet per template.
            assertThat(templateImages(fleet.eu.client(), ns)).as("the first step ran the bad version")
                    .contains("registry.example/app:2");
            FleetHubIT.awaitOrExplain(ns, () -> replicas(fleet.eu.client(), ns, "app") == 0);
        } finally {
            watcher.interrupt();
            watcher.join();
        }
        // the poll above can miss a short-lived replica as the first step's did; the ReplicaSets cannot
        assertThat(maxOnUs.get()).as("the bad version never reached the member outside the first step").isZero();
        assertThat(templateImages(fleet.us.client(), ns)).as("the other member ran the good version only")
                .contains("registry.example/app:1").doesNotContain("registry.example/app:2");
        await().atMost(WAIT).until(() -> hub().v1().events().inNamespace(ns).list().getItems().stream()
                .anyMatch(e -> "Rollout".equals(e.getReason())));
    }

    @Test
    void metadataRulesRetainedFieldsAndCreateOnlyLeaveMembersWhatTheyOwn() {
        FleetFixture fleet = FleetHubIT.fleet;
        String ns = namespace("meta");
        Deployment d = FleetHubIT.deployment("svc", 1, "registry.example/svc:1");
        d.getMetadata().setLabels(Map.of("team", "a", "internal.example/cost", "x"));
        hub().apps().deployments().inNamespace(ns).resource(d).create();
        PolicySpec spec = select("apps/v1", "Deployment", "svc");
        spec.placement.clusterAffinity = new dev.arca.fleet.resources.Placement.ClusterAffinity();
        spec.placement.clusterAffinity.clusterNames = List.of("eu");
        spec.sync = new SyncRules();
        spec.sync.labels = new SyncRules.PrefixRules();
        spec.sync.labels.deny = List.of("internal.example/");
        spec.sync.retain = List.of("/spec/replicas");
        policy(ns, "meta", spec);
        await().atMost(WAIT).until(() -> replicas(fleet.eu.client(), ns, "svc") == 1);
        assertThat(fleet.eu.client().apps().deployments().inNamespace(ns).withName("svc").get().getMetadata().getLabels())
                .containsEntry("team", "a").doesNotContainKey("internal.example/cost");

        fleet.eu.client().apps().deployments().inNamespace(ns).withName("svc").scale(3); // as an HPA would
        mergePatch(ns, "svc", "{\"metadata\":{\"labels\":{\"team\":\"b\"}}}");
        await().atMost(WAIT).until(() -> "b".equals(fleet.eu.client().apps().deployments().inNamespace(ns).withName("svc")
                .get().getMetadata().getLabels().get("team")));
        assertThat(replicas(fleet.eu.client(), ns, "svc")).as("the member's replicas are its own").isEqualTo(3);

        hub().configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("seed").endMetadata()
                .addToData("v", "1").build()).create();
        PolicySpec once = select("v1", "ConfigMap", "seed");
        once.placement.clusterAffinity = spec.placement.clusterAffinity;
        once.sync = new SyncRules();
        once.sync.updateStrategy = SyncRules.UpdateStrategy.CreateOnly;
        policy(ns, "once", once);
        await().atMost(WAIT).until(() -> FleetHubIT.data(fleet.eu.client(), ns, "seed") != null);
        hub().configMaps().inNamespace(ns).withName("seed").patch(
                io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                "{\"data\":{\"v\":\"2\"}}"); // no resourceVersion: the hub annotates the object meanwhile
        awaitBinding(ns, "v1", "ConfigMap", "seed", st -> st.observedTemplate != null
                && st.members.stream().allMatch(m -> st.observedTemplate.equals(m.templateHash)));
        assertThat(FleetHubIT.data(fleet.eu.client(), ns, "seed")).containsEntry("v", "1");
    }

    /** The images of every ReplicaSet in {@code ns} of a member: one per pod template its Deployments ever ran. */
    private static List<String> templateImages(io.fabric8.kubernetes.client.KubernetesClient member, String ns) {
        return member.apps().replicaSets().inNamespace(ns).list().getItems().stream()
                .flatMap(rs -> rs.getSpec().getTemplate().getSpec().getContainers().stream())
                .map(c -> c.getImage()).toList();
    }

    /** A merge patch of a hub Deployment: no resourceVersion, so the hub's own deployment controller's status writes never conflict. */
    private static void mergePatch(String ns, String name, String patch) {
        hub().apps().deployments().inNamespace(ns).withName(name)
                .patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.STRATEGIC_MERGE), patch);
    }
}
