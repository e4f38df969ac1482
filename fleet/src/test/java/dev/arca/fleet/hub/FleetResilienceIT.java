package dev.arca.fleet.hub;

import static dev.arca.fleet.hub.FleetHubIT.WAIT;
import static dev.arca.fleet.hub.FleetHubIT.awaitBinding;
import static dev.arca.fleet.hub.FleetHubIT.hub;
import static dev.arca.fleet.hub.FleetHubIT.namespace;
import static dev.arca.fleet.hub.FleetHubIT.policy;
import static dev.arca.fleet.hub.FleetHubIT.replicas;
import static dev.arca.fleet.hub.FleetHubIT.select;
import static dev.arca.fleet.hub.FleetHubIT.weight;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arca.fleet.resources.MemberCluster;
import dev.arca.fleet.resources.ObjectRef;
import dev.arca.fleet.resources.Placement;
import dev.arca.fleet.resources.PolicySpec;
import dev.arca.fleet.resources.ResourceBinding;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A member cut off by the network ({@link dev.arca.testkit.kube.CuttableProxy} in front of {@code us}):
 * a deletion finishes within its timeout and leaves an orphan that is removed when the member is back;
 * a disconnect shorter than the grace moves no replica, a longer one moves them and they come back.
 */
class FleetResilienceIT {
    static FleetFixture fleet;

    @BeforeAll
    static void start() {
        fleet = FleetFixture.shared();
        FleetHubIT.fleet = fleet;
    }

    @Test
    void aDeletionWithAnUnreachableMemberEndsWithinTheTimeoutAndTheOrphanGoesWhenTheMemberReturns() {
        String ns = namespace("orphan");
        hub().configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("doomed").endMetadata()
                .addToData("a", "1").build()).create();
        PolicySpec spec = select("v1", "ConfigMap", "doomed");
        spec.deletionPolicy = new PolicySpec.DeletionPolicy();
        spec.deletionPolicy.unreachableClusterTimeout = "5s";
        policy(ns, "everywhere", spec);
        await().atMost(WAIT).until(() -> fleet.eu.client().configMaps().inNamespace(ns).withName("doomed").get() != null
                && fleet.us.client().configMaps().inNamespace(ns).withName("doomed").get() != null);

        fleet.usProxy.cut(Duration.ofSeconds(45));
        Instant cut = Instant.now();
        await().atMost(WAIT).until(() -> !ready("us"));
        hub().configMaps().inNamespace(ns).withName("doomed").delete();
        String binding = FleetNames.binding("v1", "ConfigMap", "doomed");
        await().atMost(Duration.ofSeconds(40)).until(() ->
                hub().resources(ResourceBinding.class).inNamespace(ns).withName(binding).get() == null);
        assertThat(Duration.between(cut, Instant.now())).as("the deletion did not wait for the member").isLessThan(Duration.ofSeconds(45));
        assertThat(fleet.eu.client().configMaps().inNamespace(ns).withName("doomed").get()).isNull();
        assertThat(orphans("us")).extracting(ObjectRef::toString).contains("ConfigMap/" + ns + "/doomed");

        await().atMost(Duration.ofSeconds(120)).until(() -> orphans("us").isEmpty());
        assertThat(fleet.us.client().configMaps().inNamespace(ns).withName("doomed").get()).isNull();
    }

    @Test
    void aDisconnectShorterThanTheGraceMovesNoReplicaAndALongerOneMovesThemUntilTheMemberIsBack() {
        String ns = namespace("grace");
        hub().apps().deployments().inNamespace(ns).resource(FleetHubIT.deployment("short", 4, "registry.example/a:1")).create();
        hub().apps().deployments().inNamespace(ns).resource(FleetHubIT.deployment("long", 4, "registry.example/a:1")).create();
        policy(ns, "short", divided("short", "5m"));
        policy(ns, "long", divided("long", "3s"));
        await().atMost(WAIT).until(() -> replicas(fleet.eu.client(), ns, "short") == 2 && replicas(fleet.eu.client(), ns, "long") == 2
                && replicas(fleet.us.client(), ns, "long") == 2);

        fleet.usProxy.cut(Duration.ofSeconds(25));
        await().atMost(WAIT).until(() -> !ready("us"));
        await().atMost(WAIT).until(() -> replicas(fleet.eu.client(), ns, "long") == 4);
        assertThat(replicas(fleet.eu.client(), ns, "short")).as("no eviction inside the grace").isEqualTo(2);
        assertThat(awaitBinding(ns, "apps/v1", "Deployment", "short", s -> s.aggregate.stale == 1).members)
                .anyMatch(m -> m.cluster.endsWith("/us") && m.stale && m.lastSeen != null);
        assertThat(awaitBinding(ns, "apps/v1", "Deployment", "short",
                s -> s.members.stream().anyMatch(m -> m.cluster.endsWith("/us") && m.lastError != null)).members)
                .as("the last known values stay, with the error beside them")
                .anyMatch(m -> m.cluster.endsWith("/us") && m.applied && m.lastError.contains("member team/us"));

        await().atMost(WAIT).until(() -> ready("us"));
        await().atMost(WAIT).until(() -> replicas(fleet.eu.client(), ns, "long") == 2 && replicas(fleet.us.client(), ns, "long") == 2);
        assertThat(replicas(fleet.eu.client(), ns, "short")).isEqualTo(2);
        assertThat(replicas(fleet.us.client(), ns, "short")).isEqualTo(2);
    }

    private static PolicySpec divided(String name, String grace) {
        PolicySpec spec = select("apps/v1", "Deployment", name);
        spec.placement.replicaScheduling = new Placement.ReplicaScheduling();
        spec.placement.replicaScheduling.replicaSchedulingType = Placement.ReplicaScheduling.SchedulingType.Divided;
        spec.placement.replicaScheduling.weightPreference = new Placement.WeightPreference();
        spec.placement.replicaScheduling.weightPreference.staticWeightList = List.of(weight("eu", 1), weight("us", 1));
        spec.failover = new PolicySpec.Failover();
        spec.failover.unreachableGrace = grace;
        return spec;
    }

    private static boolean ready(String member) {
        MemberCluster m = hub().resources(MemberCluster.class).inNamespace(FleetFixture.WORKSPACE).withName(member).get();
        return MemberClusterReconciler.ready(m.getStatus());
    }

    private static List<ObjectRef> orphans(String member) {
        MemberCluster m = hub().resources(MemberCluster.class).inNamespace(FleetFixture.WORKSPACE).withName(member).get();
        return m.getStatus() == null ? List.of() : m.getStatus().orphans;
    }
}
