package dev.arca.fleet.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arca.fleet.resources.BindingStatus;
import dev.arca.fleet.resources.FleetResources;
import dev.arca.fleet.resources.OverridePolicy;
import dev.arca.fleet.resources.OverrideSpec;
import dev.arca.fleet.resources.Placement;
import dev.arca.fleet.resources.PolicySpec;
import dev.arca.fleet.resources.PropagationPolicy;
import dev.arca.fleet.resources.ResourceBinding;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hub on three real control planes ({@link FleetFixture}): placement by labels, by cell, with
 * Divided replicas, overrides, metadata rules and a bad override. Each test works in its own
 * namespace of the hub, which the fleet creates on the members.
 */
class FleetHubIT {
    static final Duration WAIT = Duration.ofSeconds(60);
    static FleetFixture fleet;

    @BeforeAll
    static void start() {
        fleet = FleetFixture.shared();
    }

    @Test
    void aConfigMapGoesOnlyToTheMembersTheLabelsSelectAndTheBindingSaysSo() {
        String ns = namespace("labels");
        hub().configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("settings")
                .addToLabels("app", "shop").endMetadata().addToData("color", "blue").build()).create();
        PolicySpec spec = select("v1", "ConfigMap", "settings");
        spec.placement.clusterAffinity = new Placement.ClusterAffinity();
        spec.placement.clusterAffinity.labelSelector = new LabelSelectorBuilder()
                .addToMatchLabels(FleetResources.REGION_LABEL, "eu").build();
        policy(ns, "eu-only", spec);

        await().atMost(WAIT).until(() -> fleet.eu.client().configMaps().inNamespace(ns).withName("settings").get() != null);
        assertThat(fleet.eu.client().configMaps().inNamespace(ns).withName("settings").get().getData())
                .containsEntry("color", "blue");
        BindingStatus status = awaitBinding(ns, "v1", "ConfigMap", "settings", s -> s.aggregate != null && s.aggregate.healthy == 1);
        assertThat(status.targets).extracting(t -> t.cluster).containsExactly(FleetFixture.WORKSPACE + "/eu");
        assertThat(fleet.us.client().configMaps().inNamespace(ns).withName("settings").get()).isNull();
        await().atMost(WAIT).until(() -> "1/1 applied, 1 healthy".equals(hub().configMaps().inNamespace(ns).withName("settings")
                .get().getMetadata().getAnnotations().get(FleetResources.AGGREGATE_ANNOTATION)));
        var copyAnnotations = fleet.eu.client().configMaps().inNamespace(ns).withName("settings").get().getMetadata().getAnnotations();
        assertThat(copyAnnotations == null ? java.util.Map.of() : copyAnnotations)
                .as("the hub's aggregate stays on the hub").doesNotContainKey(FleetResources.AGGREGATE_ANNOTATION);

        // a merge patch, as kubectl patch and apply send: the hub writes the object's aggregate annotation, so a
        // read-modify-write of it may meet a conflict, as with any object a controller annotates
        hub().configMaps().inNamespace(ns).withName("settings").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"data\":{\"color\":\"green\"}}");
        await().atMost(WAIT).until(() -> "green".equals(fleet.eu.client().configMaps().inNamespace(ns).withName("settings")
                .get().getData().get("color")));
    }

    @Test
    void dividedReplicasFollowTheStaticWeightsAndAnOverrideChangesOneMembersImage() {
        String ns = namespace("divided");
        hub().apps().deployments().inNamespace(ns).resource(deployment("web", 6, "registry.example/web:1")).create();
        PolicySpec spec = select("apps/v1", "Deployment", "web");
        spec.placement.replicaScheduling = new Placement.ReplicaScheduling();
        spec.placement.replicaScheduling.replicaSchedulingType = Placement.ReplicaScheduling.SchedulingType.Divided;
        spec.placement.replicaScheduling.weightPreference = new Placement.WeightPreference();
        spec.placement.replicaScheduling.weightPreference.staticWeightList = List.of(weight("eu", 2), weight("us", 1));
        policy(ns, "divided", spec);
        OverridePolicy op = new OverridePolicy();
        op.getMetadata().setNamespace(ns);
        op.getMetadata().setName("us-registry");
        op.setSpec(new OverrideSpec());
        op.getSpec().resourceSelectors = spec.resourceSelectors;
        OverrideSpec.OverrideRule rule = new OverrideSpec.OverrideRule();
        rule.targetCluster = new Placement.ClusterAffinity();
        rule.targetCluster.clusterNames = List.of("us");
        OverrideSpec.ImageOverrider image = new OverrideSpec.ImageOverrider();
        image.component = "Registry";
        image.operator = "replace";
        image.value = "mirror.us.example";
        rule.overriders.imageOverrider = List.of(image);
        op.getSpec().overrideRules = List.of(rule);
        hub().resource(op).create();

        await().atMost(WAIT).until(() -> replicas(fleet.eu.client(), ns, "web") == 4 && replicas(fleet.us.client(), ns, "web") == 2);
        await().atMost(WAIT).until(() -> image(fleet.us.client(), ns, "web").equals("mirror.us.example/web:1"));
        assertThat(image(fleet.eu.client(), ns, "web")).isEqualTo("registry.example/web:1");
    }

    @Test
    void placedByCellEachCellRunsItsOwnWorkloadOnItsNodesWhileTheConfigMapIsShared() {
        String ns = namespace("cells");
        hub().apps().deployments().inNamespace(ns).resource(deployment("api", 2, "registry.example/api:1")).create();
        hub().configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("api-config")
                .endMetadata().addToData("k", "v").build()).create();
        PolicySpec spec = select("apps/v1", "Deployment", "api");
        spec.resourceSelectors.add(select("v1", "ConfigMap", "api-config").resourceSelectors.get(0));
        Placement.SpreadConstraint byCell = new Placement.SpreadConstraint();
        byCell.spreadByField = "cell";
        spec.placement.spreadConstraints = List.of(byCell);
        policy(ns, "by-cell", spec);

        await().atMost(WAIT).until(() -> fleet.eu.client().apps().deployments().inNamespace(ns).list().getItems().size() == 2);
        Deployment a = fleet.eu.client().apps().deployments().inNamespace(ns).withName("api-eu-a").get();
        Deployment b = fleet.eu.client().apps().deployments().inNamespace(ns).withName("api-eu-b").get();
        assertThat(a.getSpec().getTemplate().getSpec().getNodeSelector()).containsEntry("zone", "a");
        assertThat(b.getSpec().getTemplate().getSpec().getNodeSelector()).containsEntry("zone", "b");
        assertThat(a.getSpec().getSelector().getMatchLabels()).containsEntry(CellWorkloads.CELL_LABEL, "eu-a");
        assertThat(fleet.eu.client().configMaps().inNamespace(ns).withName("api-config").get()).isNotNull();
        assertThat(fleet.us.client().apps().deployments().inNamespace(ns).list().getItems()).isEmpty();
    }

    @Test
    void anOverridePathThatDoesNotExistIsAConditionNamingThePolicyAndAPolicySelectingNothingSaysSo() {
        String ns = namespace("bad");
        hub().configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("c").endMetadata()
                .addToData("a", "1").build()).create();
        PolicySpec spec = select("v1", "ConfigMap", "c");
        policy(ns, "good", spec);
        OverridePolicy op = new OverridePolicy();
        op.getMetadata().setNamespace(ns);
        op.getMetadata().setName("broken");
        op.setSpec(new OverrideSpec());
        op.getSpec().resourceSelectors = spec.resourceSelectors;
        OverrideSpec.OverrideRule rule = new OverrideSpec.OverrideRule();
        OverrideSpec.PlaintextOverrider p = new OverrideSpec.PlaintextOverrider();
        p.path = "/spec/nothing/here";
        p.operator = "replace";
        p.value = new io.fabric8.kubernetes.api.model.AnyType("x");
        rule.overriders.plaintext = List.of(p);
        op.getSpec().overrideRules = List.of(rule);
        hub().resource(op).create();
        policy(ns, "nothing", select("v1", "ConfigMap", "no-such-map"));

        BindingStatus status = awaitBinding(ns, "v1", "ConfigMap", "c", s -> condition(s, "Rendered", "False") != null);
        assertThat(condition(status, "Rendered", "False").getMessage()).contains(ns + "/broken").contains("/spec/nothing/here");
        await().atMost(WAIT).until(() -> {
            PropagationPolicy pp = hub().resources(PropagationPolicy.class).inNamespace(ns).withName("nothing").get();
            return pp.getStatus() != null && pp.getStatus().conditions.stream()
                    .anyMatch(c -> "NothingSelected".equals(c.getReason()));
        });
        await().atMost(WAIT).until(() -> hub().v1().events().inNamespace(ns).list().getItems().stream()
                .anyMatch(e -> "NothingSelected".equals(e.getReason()) && "nothing".equals(e.getInvolvedObject().getName())));

        fleet.cell("nowhere-a", "nowhere", Map.of("zone", "a"));
        await().atMost(WAIT).until(() -> {
            var c = hub().resources(dev.arca.fleet.resources.Cell.class).inNamespace(FleetFixture.WORKSPACE).withName("nowhere-a").get();
            return c.getStatus() != null && c.getStatus().conditions.stream()
                    .anyMatch(x -> "UnknownCluster".equals(x.getReason()) && x.getMessage().contains("\"nowhere\""));
        });
        await().atMost(WAIT).until(() -> hub().v1().events().inNamespace(FleetFixture.WORKSPACE).list().getItems().stream()
                .anyMatch(e -> "UnknownCluster".equals(e.getReason()) && "nowhere-a".equals(e.getInvolvedObject().getName())));
    }

    @Test
    void aBackupScheduleGoesFleetWideWithAPerMemberOverrideForDisasterRecovery() {
        for (KubernetesClient c : List.of(hub(), fleet.eu.client(), fleet.us.client())) {
            dev.arca.server.resources.Crds.apply(c, "fleet-test", Duration.ofSeconds(60));
        }
        String ns = namespace("dr");
        dev.arca.server.resources.Schedule nightly = new dev.arca.server.resources.Schedule();
        nightly.getMetadata().setNamespace(ns);
        nightly.getMetadata().setName("nightly");
        nightly.setSpec(new dev.arca.server.resources.ScheduleSpec());
        nightly.getSpec().setSchedule("0 1 * * *");
        nightly.getSpec().setTemplate(new dev.arca.server.resources.BackupResourceSpec());
        nightly.getSpec().getTemplate().setIncludedNamespaces(List.of(ns));
        hub().resource(nightly).create();
        PolicySpec spec = select("arca.dev/v1alpha1", "Schedule", "nightly");
        policy(ns, "backups-everywhere", spec);
        OverridePolicy later = new OverridePolicy();
        later.getMetadata().setNamespace(ns);
        later.getMetadata().setName("us-later");
        later.setSpec(new OverrideSpec());
        later.getSpec().resourceSelectors = spec.resourceSelectors;
        OverrideSpec.OverrideRule rule = new OverrideSpec.OverrideRule();
        rule.targetCluster = new Placement.ClusterAffinity();
        rule.targetCluster.clusterNames = List.of("us");
        OverrideSpec.PlaintextOverrider at3 = new OverrideSpec.PlaintextOverrider();
        at3.path = "/spec/schedule";
        at3.operator = "replace";
        at3.value = new io.fabric8.kubernetes.api.model.AnyType("0 3 * * *");
        rule.overriders.plaintext = List.of(at3);
        later.getSpec().overrideRules = List.of(rule);
        hub().resource(later).create();

        await().atMost(WAIT).until(() -> "0 1 * * *".equals(schedule(fleet.eu.client(), ns))
                && "0 3 * * *".equals(schedule(fleet.us.client(), ns)));
        awaitBinding(ns, "arca.dev/v1alpha1", "Schedule", "nightly", s -> s.aggregate != null && s.aggregate.healthy == 2);
    }

    private static String schedule(KubernetesClient member, String ns) {
        var s = member.resources(dev.arca.server.resources.Schedule.class).inNamespace(ns).withName("nightly").get();
        return s == null ? null : s.getSpec().getSchedule();
    }

    // ---- helpers shared with the other fleet ITs

    static KubernetesClient hub() {
        return fleet.hubClient();
    }

    static String namespace(String prefix) {
        String ns = prefix + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
        hub().namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName(ns)
                .addToLabels(FleetResources.WORKSPACE_LABEL, FleetFixture.WORKSPACE).endMetadata().build()).create();
        return ns;
    }

    static PolicySpec select(String apiVersion, String kind, String name) {
        PolicySpec spec = new PolicySpec();
        PolicySpec.ResourceSelector s = new PolicySpec.ResourceSelector();
        s.apiVersion = apiVersion;
        s.kind = kind;
        s.name = name;
        spec.resourceSelectors = new java.util.ArrayList<>(List.of(s));
        return spec;
    }

    static void policy(String ns, String name, PolicySpec spec) {
        PropagationPolicy p = new PropagationPolicy();
        p.getMetadata().setNamespace(ns);
        p.getMetadata().setName(name);
        p.setSpec(spec);
        hub().resource(p).create();
    }

    static Placement.StaticWeight weight(String cluster, long w) {
        Placement.StaticWeight sw = new Placement.StaticWeight();
        sw.targetCluster = new Placement.ClusterAffinity();
        sw.targetCluster.clusterNames = List.of(cluster);
        sw.weight = w;
        return sw;
    }

    static Deployment deployment(String name, int replicas, String image) {
        return new DeploymentBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName(name).withImage(image).endContainer().endSpec()
                .endTemplate().endSpec().build();
    }

    static int replicas(KubernetesClient member, String ns, String name) {
        Deployment d = member.apps().deployments().inNamespace(ns).withName(name).get();
        return d == null ? -1 : d.getSpec().getReplicas();
    }

    static String image(KubernetesClient member, String ns, String name) {
        Deployment d = member.apps().deployments().inNamespace(ns).withName(name).get();
        return d == null ? "" : d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    static BindingStatus awaitBinding(String ns, String apiVersion, String kind, String name,
                                      java.util.function.Predicate<BindingStatus> until) {
        String binding = FleetNames.binding(apiVersion, kind, name);
        awaitOrExplain(ns, () -> {
            ResourceBinding b = hub().resources(ResourceBinding.class).inNamespace(ns).withName(binding).get();
            return b != null && b.getStatus() != null && until.test(b.getStatus());
        });
        return hub().resources(ResourceBinding.class).inNamespace(ns).withName(binding).get().getStatus();
    }

    /** Waits up to {@link #WAIT}; on a timeout, fails with the hub's bindings and Works of {@code ns} as they are. */
    static void awaitOrExplain(String ns, java.util.concurrent.Callable<Boolean> until) {
        try {
            await().atMost(WAIT).until(until);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "; the hub's state of namespace " + ns + ":\n" + hubState(ns), e);
        }
    }

    /** The statuses of the bindings of {@code ns} and the spec versions and statuses of their Works, as JSON lines. */
    static String hubState(String ns) {
        StringBuilder sb = new StringBuilder();
        for (ResourceBinding b : hub().resources(ResourceBinding.class).inNamespace(ns).list().getItems()) {
            sb.append("binding ").append(b.getMetadata().getName()).append(" rv ").append(b.getMetadata().getResourceVersion())
                    .append(": ").append(io.fabric8.kubernetes.client.utils.Serialization.asJson(b.getStatus())).append('\n');
        }
        for (dev.arca.fleet.resources.Work w : hub().resources(dev.arca.fleet.resources.Work.class).inAnyNamespace().list().getItems()) {
            if (w.getSpec() != null && w.getSpec().binding != null && w.getSpec().binding.startsWith(ns + "/")) {
                sb.append("work ").append(w.getMetadata().getNamespace()).append('/').append(w.getMetadata().getName())
                        .append(" generation ").append(w.getMetadata().getGeneration()).append(" spec.templateHash ")
                        .append(w.getSpec().templateHash).append(": ")
                        .append(io.fabric8.kubernetes.client.utils.Serialization.asJson(w.getStatus())).append('\n');
            }
        }
        return sb.toString();
    }

    static io.fabric8.kubernetes.api.model.Condition condition(BindingStatus s, String type, String value) {
        return s.conditions.stream().filter(c -> type.equals(c.getType()) && value.equals(c.getStatus())).findFirst().orElse(null);
    }

    static Map<String, String> data(KubernetesClient member, String ns, String name) {
        var c = member.configMaps().inNamespace(ns).withName(name).get();
        return c == null ? null : c.getData();
    }
}
