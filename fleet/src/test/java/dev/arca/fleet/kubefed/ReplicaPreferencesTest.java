package dev.arca.fleet.kubefed;

import static dev.arca.fleet.kubefed.KubeFedImportTest.DEPLOYMENT;
import static dev.arca.fleet.kubefed.KubeFedImportTest.convert;
import static dev.arca.fleet.kubefed.KubeFedImportTest.only;
import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.fleet.resources.OverridePolicy;
import dev.arca.fleet.resources.Placement;
import dev.arca.fleet.resources.PropagationPolicy;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.junit.jupiter.api.Test;

class ReplicaPreferencesTest {
    private static final String RSP = """
            apiVersion: scheduling.kubefed.io/v1alpha1
            kind: ReplicaSchedulingPreference
            metadata: {name: web, namespace: shop}
            spec:
              targetKind: FederatedDeployment
              totalReplicas: 10
              clusters:
                east: {weight: 3}
                west: {weight: 1}
                north: {weight: 1}
            """;

    @Test
    void weightsBecomeDividedSchedulingOnTheTargetsPolicyAndTotalReplicasItsReplicas() {
        ImportResult r = convert(RSP, DEPLOYMENT);

        Placement placement = only(r, PropagationPolicy.class).getSpec().placement;
        assertThat(placement.replicaScheduling.replicaSchedulingType).isEqualTo(Placement.ReplicaScheduling.SchedulingType.Divided);
        assertThat(placement.replicaScheduling.weightPreference.staticWeightList)
                .extracting(w -> w.targetCluster.clusterNames.get(0) + "=" + w.weight).containsExactly("east=3", "west=1", "north=1");
        assertThat((Object) only(r, GenericKubernetesResource.class).get("spec", "replicas")).isEqualTo(10L);
        assertThat(placement.clusterAffinity.clusterNames).as("KubeFed places on the preference's clusters unless it"
                + " intersects with the placement").containsExactly("east", "west", "north");
    }

    @Test
    void intersectingWithTheClusterSelectorKeepsTheObjectsOwnPlacement() {
        ImportResult r = convert(DEPLOYMENT, RSP.replace("totalReplicas: 10", "totalReplicas: 10\n  intersectWithClusterSelector: true"));

        Placement placement = only(r, PropagationPolicy.class).getSpec().placement;
        assertThat(placement.clusterAffinity.clusterNames).containsExactly("east", "west");
        assertThat(placement.replicaScheduling.weightPreference.staticWeightList).hasSize(3);
    }

    @Test
    void minAndMaxReplicasRebalanceAndTheStarClusterAreProblemsNamingTheField() {
        ImportResult r = convert(DEPLOYMENT, """
                apiVersion: scheduling.kubefed.io/v1alpha1
                kind: ReplicaSchedulingPreference
                metadata: {name: web, namespace: shop}
                spec:
                  targetKind: FederatedDeployment
                  totalReplicas: 4
                  rebalance: true
                  clusters:
                    east: {weight: 1, minReplicas: 2}
                    west: {weight: 1, maxReplicas: 3}
                    "*": {weight: 1}
                """);

        assertThat(r.problems()).anySatisfy(p -> assertThat(p).startsWith(
                "ReplicaSchedulingPreference/shop/web: spec.clusters[east].minReplicas 2 is not converted"));
        assertThat(r.problems()).anySatisfy(p -> assertThat(p).startsWith(
                "ReplicaSchedulingPreference/shop/web: spec.clusters[west].maxReplicas 3 is not converted"));
        assertThat(r.problems()).anySatisfy(p -> assertThat(p).startsWith(
                "ReplicaSchedulingPreference/shop/web: spec.clusters[*], a preference for every cluster, is not converted"));
        assertThat(r.problems()).anySatisfy(p -> assertThat(p).startsWith(
                "ReplicaSchedulingPreference/shop/web: spec.rebalance is not converted"));
        assertThat(only(r, PropagationPolicy.class).getSpec().placement.replicaScheduling.weightPreference.staticWeightList)
                .extracting(w -> w.targetCluster.clusterNames.get(0)).containsExactly("east", "west");
    }

    @Test
    void anOverrideOfReplicasOnAScheduledObjectIsAProblemAndDropped() {
        ImportResult r = convert(DEPLOYMENT, RSP);

        assertThat(r.problems()).containsExactly("FederatedDeployment/shop/web: the override of /spec/replicas for cluster"
                + " [west] is not converted: with a ReplicaSchedulingPreference KubeFed replaces it with the scheduled replicas,"
                + " and Arca divides them by the weights");
        var rules = only(r, OverridePolicy.class).getSpec().overrideRules;
        assertThat(rules.get(0).overriders.plaintext).extracting(o -> o.path).containsExactly("/metadata/annotations");
    }

    @Test
    void aPreferenceWithoutItsTargetInTheInputIsAProblem() {
        ImportResult r = convert(RSP.replace("FederatedDeployment", "FederatedReplicaSet"), DEPLOYMENT);

        assertThat(r.problems()).containsExactly("ReplicaSchedulingPreference/shop/web: no FederatedReplicaSet/shop/web is in"
                + " the input; import the preference together with the object it schedules");
        assertThat(only(r, PropagationPolicy.class).getSpec().placement.replicaScheduling).isNull();
    }

    @Test
    void objectsAndPreferencesWithoutANamespaceAreTakenToBeInTheDefaultNamespace() {
        String noNamespace = "metadata: {name: web}";
        ImportResult r = KubeFedImport.convert(KubeFedImportTest.docs(DEPLOYMENT.replace("metadata: {name: web, namespace: shop,"
                + " labels: {not: propagated}}", noNamespace), RSP.replace("metadata: {name: web, namespace: shop}", noNamespace)),
                "team-a");

        assertThat(r.objects()).extracting(o -> o.getMetadata().getNamespace()).containsOnly("team-a");
        assertThat(only(r, PropagationPolicy.class).getSpec().placement.replicaScheduling).isNotNull();
    }
}
