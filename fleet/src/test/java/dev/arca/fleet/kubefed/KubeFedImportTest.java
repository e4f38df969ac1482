package dev.arca.fleet.kubefed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.arca.fleet.resources.ClusterPropagationPolicy;
import dev.arca.fleet.resources.OverridePolicy;
import dev.arca.fleet.resources.OverrideSpec;
import dev.arca.fleet.resources.Placement;
import dev.arca.fleet.resources.PropagationPolicy;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KubeFedImportTest {
    static final String DEPLOYMENT = """
            apiVersion: types.kubefed.io/v1beta1
            kind: FederatedDeployment
            metadata: {name: web, namespace: shop, labels: {not: propagated}}
            spec:
              template:
                metadata: {labels: {app: web}}
                spec:
                  replicas: 3
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec: {containers: [{name: web, image: nginx:1.25}]}
              placement:
                clusters: [{name: east}, {name: west}]
              overrides:
              - clusterName: west
                clusterOverrides:
                - {path: /spec/replicas, value: 5}
                - {op: add, path: /metadata/annotations, value: {tier: edge}}
              - clusterName: east
                clusterOverrides:
                - {op: remove, path: /spec/template/spec/containers/0/resources}
            """;

    static ImportResult convert(String... yaml) {
        return KubeFedImport.convert(docs(yaml));
    }

    static List<JsonNode> docs(String... yaml) {
        try {
            ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
            List<JsonNode> docs = new java.util.ArrayList<>();
            for (String y : yaml) {
                docs.addAll(mapper.readerFor(JsonNode.class).<JsonNode>readValues(y).readAll());
            }
            return docs;
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static <T extends HasMetadata> T only(ImportResult result, Class<T> type) {
        List<T> found = result.objects().stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).as("objects of " + type.getSimpleName()).hasSize(1);
        return found.get(0);
    }

    @Test
    void aFederatedDeploymentBecomesItsDeploymentAPolicySelectingExactlyItAndAnOverrideRulePerCluster() {
        ImportResult r = convert(DEPLOYMENT);

        assertThat(r.problems()).isEmpty();
        GenericKubernetesResource deployment = only(r, GenericKubernetesResource.class);
        assertThat(deployment.getApiVersion()).isEqualTo("apps/v1");
        assertThat(deployment.getKind()).isEqualTo("Deployment");
        assertThat(deployment.getMetadata().getName()).isEqualTo("web");
        assertThat(deployment.getMetadata().getNamespace()).isEqualTo("shop");
        assertThat(deployment.getMetadata().getLabels()).isEqualTo(Map.of("app", "web"));
        assertThat((Object) deployment.get("spec", "replicas")).isEqualTo(3);
        assertThat((Object) deployment.get("spec", "template", "spec", "containers", 0, "image")).isEqualTo("nginx:1.25");

        PropagationPolicy pp = only(r, PropagationPolicy.class);
        assertThat(pp.getMetadata().getName()).isEqualTo("web");
        assertThat(pp.getMetadata().getNamespace()).isEqualTo("shop");
        assertThat(pp.getMetadata().getAnnotations()).containsEntry(KubeFedImport.IMPORTED_FROM, "FederatedDeployment/shop/web");
        var selector = pp.getSpec().resourceSelectors.get(0);
        assertThat(List.of(selector.apiVersion, selector.kind, selector.name)).containsExactly("apps/v1", "Deployment", "web");
        assertThat(pp.getSpec().resourceSelectors).hasSize(1);
        assertThat(pp.getSpec().placement.clusterAffinity.clusterNames).containsExactly("east", "west");
        assertThat(pp.getSpec().placement.clusterAffinity.labelSelector).isNull();

        OverridePolicy op = only(r, OverridePolicy.class);
        assertThat(op.getSpec().resourceSelectors.get(0).name).isEqualTo("web");
        List<OverrideSpec.OverrideRule> rules = op.getSpec().overrideRules;
        assertThat(rules).hasSize(2);
        assertThat(rules.get(0).targetCluster.clusterNames).containsExactly("west");
        assertThat(rules.get(0).overriders.plaintext).extracting(o -> o.operator + " " + o.path + " " + o.value.getValue())
                .containsExactly("replace /spec/replicas 5", "add /metadata/annotations {tier=edge}");
        assertThat(rules.get(1).targetCluster.clusterNames).containsExactly("east");
        assertThat(rules.get(1).overriders.plaintext.get(0).operator).isEqualTo("remove");
        assertThat(rules.get(1).overriders.plaintext.get(0).value).isNull();
    }

    @Test
    void aClusterSelectorBecomesTheAffinitysLabelSelectorAndAnEmptyOneMeansEveryMember() {
        ImportResult r = convert("""
                apiVersion: types.kubefed.io/v1beta1
                kind: FederatedConfigMap
                metadata: {name: settings, namespace: shop}
                spec:
                  template: {data: {a: "1"}}
                  placement: {clusterSelector: {matchLabels: {region: eu}}}
                ---
                apiVersion: types.kubefed.io/v1beta1
                kind: FederatedSecret
                metadata: {name: token, namespace: shop}
                spec:
                  template: {type: Opaque}
                  placement: {clusterSelector: {}}
                """);

        assertThat(r.problems()).isEmpty();
        List<PropagationPolicy> policies = r.objects().stream().filter(PropagationPolicy.class::isInstance)
                .map(PropagationPolicy.class::cast).toList();
        assertThat(policies.get(0).getSpec().placement.clusterAffinity.labelSelector.getMatchLabels())
                .isEqualTo(Map.of("region", "eu"));
        assertThat(policies.get(0).getSpec().placement.clusterAffinity.clusterNames).isEmpty();
        assertThat(policies.get(1).getSpec().resourceSelectors.get(0).kind).isEqualTo("Secret");
        assertThat(policies.get(1).getSpec().placement.clusterAffinity).isNull();
    }

    @Test
    void clustersWinOverAClusterSelectorAsInKubeFed() {
        ImportResult r = convert("""
                apiVersion: types.kubefed.io/v1beta1
                kind: FederatedService
                metadata: {name: web, namespace: shop}
                spec:
                  template: {spec: {ports: [{port: 80}]}}
                  placement: {clusters: [{name: east}], clusterSelector: {matchLabels: {region: eu}}}
                """);

        Placement.ClusterAffinity affinity = only(r, PropagationPolicy.class).getSpec().placement.clusterAffinity;
        assertThat(affinity.clusterNames).containsExactly("east");
        assertThat(affinity.labelSelector).isNull();
    }

    @Test
    void nullClustersLeaveTheClusterSelectorInChargeAsANilListDoesInKubeFed() {
        ImportResult r = convert("""
                apiVersion: types.kubefed.io/v1beta1
                kind: FederatedConfigMap
                metadata: {name: settings, namespace: shop}
                spec: {template: {data: {}}, placement: {clusters: null, clusterSelector: {matchLabels: {region: eu}}}}
                """);

        assertThat(r.problems()).isEmpty();
        assertThat(only(r, PropagationPolicy.class).getSpec().placement.clusterAffinity.labelSelector.getMatchLabels())
                .containsEntry("region", "eu");
    }

    @Test
    void aPlacementThatSelectsNothingIsAProblemAndWritesNoPolicyRatherThanOneForEveryMember() {
        ImportResult r = convert("""
                apiVersion: types.kubefed.io/v1beta1
                kind: FederatedConfigMap
                metadata: {name: none, namespace: shop}
                spec: {template: {data: {}}, placement: {clusters: []}}
                ---
                apiVersion: types.kubefed.io/v1beta1
                kind: FederatedConfigMap
                metadata: {name: unplaced, namespace: shop}
                spec: {template: {data: {}}}
                """);

        assertThat(r.objects()).hasSize(2).allMatch(GenericKubernetesResource.class::isInstance);
        assertThat(r.problems()).containsExactly(
                "FederatedConfigMap/shop/none: spec.placement.clusters names no cluster, so KubeFed places it nowhere; no policy"
                        + " was written (an empty Arca placement means every member); add clusters or leave the object out",
                "FederatedConfigMap/shop/unplaced: spec.placement has neither clusters nor clusterSelector, so KubeFed places it"
                        + " nowhere; no policy was written (an empty Arca placement means every member); add a placement or"
                        + " leave it out");
    }

    @Test
    void anUnknownFederatedKindAndAForeignObjectAreProblemsNamingThem() {
        ImportResult r = convert("""
                apiVersion: types.kubefed.io/v1beta1
                kind: FederatedWidget
                metadata: {name: w, namespace: shop}
                spec: {template: {}, placement: {clusters: [{name: east}]}}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: plain}
                """);

        assertThat(r.objects()).isEmpty();
        assertThat(r.problems()).hasSize(2);
        assertThat(r.problems().get(0)).startsWith("FederatedWidget/shop/w: kind FederatedWidget has no known target type")
                .contains("FederatedDeployment");
        assertThat(r.problems().get(1)).startsWith("ConfigMap/plain: apiVersion 'v1' kind 'ConfigMap' is not a KubeFed object");
    }

    @Test
    void aFederatedNamespaceBecomesANamespaceAndAClusterPropagationPolicyAppliedFirst() {
        ImportResult r = convert(DEPLOYMENT, """
                apiVersion: types.kubefed.io/v1beta1
                kind: FederatedNamespace
                metadata: {name: shop, namespace: shop}
                spec:
                  template: {metadata: {labels: {team: a}}}
                  placement: {clusters: [{name: east}]}
                """);

        assertThat(r.problems()).isEmpty();
        HasMetadata first = r.objects().get(0);
        assertThat(first.getKind()).isEqualTo("Namespace");
        assertThat(first.getApiVersion()).isEqualTo("v1");
        assertThat(first.getMetadata().getName()).isEqualTo("shop");
        assertThat(first.getMetadata().getNamespace()).isNull();
        assertThat(first.getMetadata().getLabels()).containsEntry("team", "a");
        ClusterPropagationPolicy cpp = (ClusterPropagationPolicy) r.objects().get(1);
        assertThat(cpp.getMetadata().getName()).isEqualTo("shop");
        assertThat(cpp.getMetadata().getNamespace()).isNull();
        assertThat(cpp.getSpec().resourceSelectors.get(0).kind).isEqualTo("Namespace");
        assertThat(cpp.getSpec().placement.clusterAffinity.clusterNames).containsExactly("east");
        assertThat(r.objects().get(2).getKind()).isEqualTo("Deployment");
    }

    @Test
    void overridesOnPathsKubeFedRefusesOrWithBadOperationsAreProblemsAndDropped() {
        ImportResult r = convert("""
                apiVersion: types.kubefed.io/v1beta1
                kind: FederatedConfigMap
                metadata: {name: settings, namespace: shop}
                spec:
                  template: {data: {a: "1"}}
                  placement: {clusters: [{name: east}]}
                  overrides:
                  - clusterName: east
                    clusterOverrides:
                    - {path: /metadata/name, value: other}
                    - {op: move, path: /data/a, value: x}
                    - {path: data/a, value: x}
                    - {op: add, path: /data/b}
                    - {path: /data/a, value: "2"}
                  - clusterOverrides: [{path: /data/a, value: "3"}]
                """);

        assertThat(r.problems()).containsExactly(
                "FederatedConfigMap/shop/settings: spec.overrides[0].clusterOverrides[0].path /metadata/name is refused by"
                        + " KubeFed (it names or types the object) and would rename or retype the object in Arca; dropped",
                "FederatedConfigMap/shop/settings: spec.overrides[0].clusterOverrides[1].op 'move' is not add, remove or"
                        + " replace; dropped",
                "FederatedConfigMap/shop/settings: spec.overrides[0].clusterOverrides[2].path 'data/a' is not a JSON pointer"
                        + " (it must start with '/'); dropped",
                "FederatedConfigMap/shop/settings: spec.overrides[0].clusterOverrides[3] (add /data/b) has no value; dropped",
                "FederatedConfigMap/shop/settings: spec.overrides[1].clusterName is missing; its overrides were dropped");
        var plaintext = only(r, OverridePolicy.class).getSpec().overrideRules.get(0).overriders.plaintext;
        assertThat(plaintext).extracting(o -> o.operator + " " + o.path + " " + o.value.getValue())
                .containsExactly("replace /data/a 2");
    }

    @Test
    void overridesOfAClusterScopedObjectAreAProblemBecauseOverridePoliciesAreNamespaced() {
        ImportResult r = convert("""
                apiVersion: types.kubefed.io/v1beta1
                kind: FederatedClusterRole
                metadata: {name: reader}
                spec:
                  template: {rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]}
                  placement: {clusters: [{name: east}]}
                  overrides: [{clusterName: east, clusterOverrides: [{path: /rules, value: []}]}]
                """);

        assertThat(r.objects()).extracting(HasMetadata::getKind).containsExactly("ClusterRole", "ClusterPropagationPolicy");
        assertThat(r.problems()).singleElement().asString()
                .startsWith("FederatedClusterRole/reader: spec.overrides were not converted: Arca's OverridePolicy is namespaced");
    }

    @Test
    void policiesOfObjectsSharingANameGetTheKindAsSuffix() {
        ImportResult r = convert(DEPLOYMENT, """
                apiVersion: types.kubefed.io/v1beta1
                kind: FederatedService
                metadata: {name: web, namespace: shop}
                spec: {template: {spec: {ports: [{port: 80}]}}, placement: {clusters: [{name: east}]}}
                ---
                apiVersion: types.kubefed.io/v1beta1
                kind: FederatedService
                metadata: {name: web, namespace: other}
                spec: {template: {spec: {ports: [{port: 80}]}}, placement: {clusters: [{name: east}]}}
                """);

        assertThat(r.objects().stream().filter(o -> !(o instanceof GenericKubernetesResource))
                .map(o -> o.getKind() + " " + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName()))
                .containsExactly("PropagationPolicy shop/web-deployment", "OverridePolicy shop/web-deployment",
                        "PropagationPolicy shop/web-service", "PropagationPolicy other/web");
    }

    @Test
    void aKubeFedClusterIsReportedAsOneToJoin() {
        ImportResult r = convert("""
                apiVersion: core.kubefed.io/v1beta1
                kind: KubeFedCluster
                metadata: {name: east, namespace: kube-federation-system}
                spec: {apiEndpoint: https://east:6443, secretRef: {name: east-token}}
                """);

        assertThat(r.objects()).isEmpty();
        assertThat(r.problems()).singleElement().asString().startsWith("KubeFedCluster/kube-federation-system/east: member"
                + " clusters are not imported; join it with 'arca fleet join east --kubeconfig FILE'");
    }
}
