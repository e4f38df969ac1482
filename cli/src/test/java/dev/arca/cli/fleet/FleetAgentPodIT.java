package dev.arca.cli.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Helm;
import dev.arca.cli.ArcaCommand;
import dev.arca.fleet.hub.FleetHub;
import dev.arca.fleet.hub.FleetNames;
import dev.arca.fleet.members.FleetKey;
import dev.arca.fleet.resources.BindingStatus;
import dev.arca.fleet.resources.FleetResources;
import dev.arca.fleet.resources.MemberCluster;
import dev.arca.fleet.resources.Placement;
import dev.arca.fleet.resources.PolicySpec;
import dev.arca.fleet.resources.PropagationPolicy;
import dev.arca.fleet.resources.ResourceBinding;
import dev.arca.testkit.kube.ControlPlaneExtension;
import dev.arca.testkit.kube.LocalControlPlane;
import dev.arca.testkit.kube.WithNode;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet's Pull-mode agent as a Pod of {@code localhost/arca:dev} on the member's node, installed
 * by charts/arca ({@code fleetAgent.*}): a hub control plane without a node runs the real fleet hub in
 * this JVM and never gets the member's credentials; {@code arca fleet join --pull} writes the agent's
 * kubeconfig, which the chart mounts from a Secret. The pod reaches the member in-cluster (its
 * ServiceAccount and the chart's RBAC) and the hub through a relay on the node's gateway. A ConfigMap
 * and a Deployment propagated by a policy arrive on the member; the hub sees them applied and healthy
 * and the member Ready through the agent's Lease; a deleted hub object leaves the member.
 */
@WithNode
@ExtendWith(ControlPlaneExtension.class)
class FleetAgentPodIT {
    private static final String GATEWAY = "10.89.0.1";
    private static final String WORKSPACE = "pod-ws";
    private static final String MEMBER = "edge";
    private static final String AGENT_NS = "arca-agent";
    private static final Duration POD_READY = Duration.ofMinutes(4);
    private static final Duration PROPAGATED = Duration.ofMinutes(2);
    @TempDir
    Path dir;

    @Test
    void theChartsAgentPodAppliesTheHubsWorkToItsOwnClusterAndReportsItToTheHub(LocalControlPlane member,
            KubernetesClient memberClient) throws Exception {
        FleetKey key = FleetKey.from(Map.of(FleetKey.PASSPHRASE_ENV, "fleet agent pod it passphrase"), null);
        try (LocalControlPlane hubPlane = LocalControlPlane.start();
             FleetHub fleet = FleetHub.start(hubPlane.client(), FleetHub.Options.defaults("agent-pod-it", key)
                     .withResync(Duration.ofSeconds(2)).withoutLeaderElection());
             GatewayRelay relay = new GatewayRelay(GATEWAY, hubPlane.apiServerUrl())) {
            KubernetesClient hub = hubPlane.client();
            Path agentKubeconfig = joinPull(hubPlane, relay);
            String app = "app-" + Long.toHexString(System.nanoTime() & 0xffffff);
            createTemplates(hub, app);
            try {
                installAgent(member, memberClient, agentKubeconfig);
                assertTheAgentRunsInCluster(memberClient);
                assertTheAgentsAccountMayOnlyApplyReadAndRemove(memberClient);
                assertPropagated(hub, memberClient, app);
                hub.configMaps().inNamespace(app).withName("settings").delete();
                awaitOrFail(PROPAGATED, "the ConfigMap deleted on the hub to leave the member",
                        () -> memberClient.configMaps().inNamespace(app).withName("settings").get() == null);
            } finally {
                cleanUp(member, memberClient, app);
            }
        }
    }

    /** {@code arca fleet join --pull} on the hub; the agent's kubeconfig then names the hub by the relay pods reach. */
    private Path joinPull(LocalControlPlane hubPlane, GatewayRelay relay) throws Exception {
        hubPlane.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(WORKSPACE).endMetadata().build())
                .create();
        Path file = dir.resolve("agent-kubeconfig");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ArcaCommand.run(new PrintWriter(out, true), new PrintWriter(err, true),
                Map.of("ARCA_HOME", dir.resolve("home").toString(), "KUBECONFIG", hubPlane.kubeconfig().toString()),
                "fleet", "join", MEMBER, "-n", WORKSPACE, "--pull", "--agent-kubeconfig-out", file.toString());
        assertThat(code).as("join --pull: " + out + err).isZero();
        String kubeconfig = Files.readString(file);
        assertThat(kubeconfig).contains("server: " + hubPlane.apiServerUrl());
        Files.writeString(file, kubeconfig.replace("server: " + hubPlane.apiServerUrl(), "server: " + relay.url()));
        return file;
    }

    /** On the hub: a workspace namespace with a ConfigMap and a Deployment, and a policy placing both on the member. */
    private static void createTemplates(KubernetesClient hub, String app) {
        hub.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(app)
                .addToLabels(FleetResources.WORKSPACE_LABEL, WORKSPACE).endMetadata().build()).create();
        hub.configMaps().inNamespace(app).resource(new ConfigMapBuilder().withNewMetadata().withName("settings").endMetadata()
                .addToData("colour", "blue").build()).create();
        hub.apps().deployments().inNamespace(app).resource(pause()).create();
        PolicySpec spec = new PolicySpec();
        spec.resourceSelectors = new ArrayList<>(List.of(selector("v1", "ConfigMap", "settings"),
                selector("apps/v1", "Deployment", "web")));
        spec.placement.clusterAffinity = new Placement.ClusterAffinity();
        spec.placement.clusterAffinity.clusterNames = List.of(MEMBER);
        PropagationPolicy policy = new PropagationPolicy();
        policy.getMetadata().setNamespace(app);
        policy.getMetadata().setName("to-edge");
        policy.setSpec(spec);
        hub.resource(policy).create();
    }

    /** The Secret with the hub's kubeconfig, then the chart with only the agent on. */
    private static void installAgent(LocalControlPlane member, KubernetesClient memberClient, Path agentKubeconfig)
            throws Exception {
        memberClient.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(AGENT_NS).endMetadata().build())
                .create();
        memberClient.secrets().inNamespace(AGENT_NS).resource(new SecretBuilder().withNewMetadata().withName("arca-fleet-hub")
                .endMetadata().addToStringData("kubeconfig", Files.readString(agentKubeconfig)).build()).create();
        new Helm(chart()).install().withName("arca-agent").withNamespace(AGENT_NS).withKubeConfig(member.kubeconfig())
                .set("server.enabled", "false").set("fleetAgent.enabled", "true").set("fleetAgent.memberName", MEMBER)
                .set("fleetAgent.workspace", WORKSPACE).set("fleetAgent.hubKubeconfigSecret", "arca-fleet-hub")
                .set("fleetAgent.resync", "2s").call();
        awaitOrFail(POD_READY, "Deployment " + AGENT_NS + "/arca-fleet-agent to have a ready pod", () -> {
            Deployment d = memberClient.apps().deployments().inNamespace(AGENT_NS).withName("arca-fleet-agent").get();
            return d != null && d.getStatus() != null && Integer.valueOf(1).equals(d.getStatus().getReadyReplicas());
        }, () -> "; pods: " + memberClient.pods().inNamespace(AGENT_NS).list().getItems().stream()
                .map(p -> p.getMetadata().getName() + " " + p.getStatus().getPhase() + " " + p.getStatus().getContainerStatuses())
                .toList() + logOf(memberClient));
    }

    /** The pod's log names the member as its in-cluster API server (the kubernetes Service) and the hub as the relay. */
    private static void assertTheAgentRunsInCluster(KubernetesClient memberClient) {
        awaitOrFail(Duration.ofMinutes(1), "the agent pod to log that it started", () -> agentLog(memberClient)
                .contains("arca fleet agent of member " + WORKSPACE + "/" + MEMBER + " started"));
        assertThat(agentLog(memberClient)).contains("hub https://" + GATEWAY + ":").contains("member https://10.96.0.1:443");
    }

    /** The member's API server, asked about the agent's ServiceAccount: the applier's verbs yes, enumerating or updating no. */
    private static void assertTheAgentsAccountMayOnlyApplyReadAndRemove(KubernetesClient memberClient) {
        for (String verb : List.of("get", "create", "patch", "delete")) {
            assertThat(allowed(memberClient, verb, "apps", "deployments")).as(verb + " deployments").isTrue();
            assertThat(allowed(memberClient, verb, "", "namespaces")).as(verb + " namespaces").isTrue();
        }
        for (String verb : List.of("list", "watch", "update")) {
            assertThat(allowed(memberClient, verb, "", "secrets")).as(verb + " secrets").isFalse();
            assertThat(allowed(memberClient, verb, "apps", "deployments")).as(verb + " deployments").isFalse();
        }
    }

    private static boolean allowed(KubernetesClient memberClient, String verb, String group, String resource) {
        SubjectAccessReview review = new SubjectAccessReviewBuilder().withNewSpec()
                .withUser("system:serviceaccount:" + AGENT_NS + ":arca-fleet-agent").withNewResourceAttributes().withVerb(verb)
                .withGroup(group).withResource(resource).withNamespace("some-app").endResourceAttributes().endSpec().build();
        return memberClient.authorization().v1().subjectAccessReview().create(review).getStatus().getAllowed();
    }

    private static void assertPropagated(KubernetesClient hub, KubernetesClient memberClient, String app) {
        awaitOrFail(PROPAGATED, "the ConfigMap to arrive on the member",
                () -> memberClient.configMaps().inNamespace(app).withName("settings").get() != null, () -> logOf(memberClient));
        assertThat(memberClient.configMaps().inNamespace(app).withName("settings").get().getData()).containsEntry("colour", "blue");
        awaitOrFail(PROPAGATED, "the Deployment to run on the member", () -> {
            Deployment d = memberClient.apps().deployments().inNamespace(app).withName("web").get();
            return d != null && d.getStatus() != null && Integer.valueOf(1).equals(d.getStatus().getAvailableReplicas());
        });
        for (String[] object : new String[][] {{"v1", "ConfigMap", "settings"}, {"apps/v1", "Deployment", "web"}}) {
            String binding = FleetNames.binding(object[0], object[1], object[2]);
            awaitOrFail(PROPAGATED, "binding " + app + "/" + binding + " to show the member applied and healthy", () -> {
                ResourceBinding b = hub.resources(ResourceBinding.class).inNamespace(app).withName(binding).get();
                BindingStatus.Aggregate a = b == null || b.getStatus() == null ? null : b.getStatus().aggregate;
                return a != null && a.applied == 1 && a.healthy == 1;
            }, () -> logOf(memberClient));
        }
        awaitOrFail(PROPAGATED, "MemberCluster " + WORKSPACE + "/" + MEMBER + " to be Ready", () -> {
            MemberCluster m = hub.resources(MemberCluster.class).inNamespace(WORKSPACE).withName(MEMBER).get();
            return m.getStatus() != null && m.getStatus().conditions.stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        }, () -> logOf(memberClient));
        Lease lease = hub.leases().inNamespace(FleetNames.executionNamespace(WORKSPACE, MEMBER)).withName("arca-agent").get();
        assertThat(lease.getSpec().getHolderIdentity()).isEqualTo(WORKSPACE + "/" + MEMBER);
        assertThat(lease.getSpec().getRenewTime().toInstant()).isAfter(Instant.now().minusSeconds(30));
    }

    private static void cleanUp(LocalControlPlane member, KubernetesClient memberClient, String app) {
        try {
            Helm.uninstall("arca-agent").withNamespace(AGENT_NS).withKubeConfig(member.kubeconfig()).call();
        } finally {
            memberClient.namespaces().withName(AGENT_NS).delete();
            memberClient.namespaces().withName(app).delete();
            awaitOrFail(Duration.ofMinutes(2), "the agent's and the app's pods to be gone from the node", () ->
                    memberClient.pods().inNamespace(AGENT_NS).list().getItems().isEmpty()
                            && memberClient.pods().inNamespace(app).list().getItems().isEmpty());
        }
    }

    private static String agentLog(KubernetesClient memberClient) {
        List<Pod> pods = memberClient.pods().inNamespace(AGENT_NS).withLabel("app.kubernetes.io/component", "fleet-agent")
                .list().getItems();
        if (pods.isEmpty()) {
            return "(no agent pod)";
        }
        try {
            return memberClient.pods().inNamespace(AGENT_NS).withName(pods.get(0).getMetadata().getName()).getLog();
        } catch (RuntimeException e) {
            return "(no log yet: " + e.getMessage() + ")";
        }
    }

    private static void awaitOrFail(Duration atMost, String what, Callable<Boolean> until) {
        awaitOrFail(atMost, what, until, () -> "");
    }

    /** Waits at most {@code atMost}; on timeout fails saying what did not happen, with {@code detail} read then. */
    private static void awaitOrFail(Duration atMost, String what, Callable<Boolean> until, Supplier<String> detail) {
        try {
            await().atMost(atMost).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(until);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("waited " + atMost.toSeconds() + " s for " + what + " in vain" + detail.get(), e);
        }
    }

    private static String logOf(KubernetesClient memberClient) {
        return "; the agent's log:\n" + agentLog(memberClient);
    }

    private static PolicySpec.ResourceSelector selector(String apiVersion, String kind, String name) {
        PolicySpec.ResourceSelector s = new PolicySpec.ResourceSelector();
        s.apiVersion = apiVersion;
        s.kind = kind;
        s.name = name;
        return s;
    }

    /** One pod of the node's pause image: cheap, and Available once it runs. */
    private static Deployment pause() {
        Map<String, String> labels = Map.of("app", "web");
        return new DeploymentBuilder().withNewMetadata().withName("web").endMetadata().withNewSpec().withReplicas(1)
                .withNewSelector().withMatchLabels(labels).endSelector().withNewTemplate().withNewMetadata().withLabels(labels)
                .endMetadata().withNewSpec().addNewContainer().withName("pause").withImage("localhost/pause:3.2")
                .withImagePullPolicy("Never").endContainer().endSpec().endTemplate().endSpec().build();
    }

    private static Path chart() {
        String root = System.getenv("ARCA_REPO_ROOT");
        Path base = root != null && !root.isBlank() ? Path.of(root) : Path.of(System.getProperty("user.dir")).getParent();
        return base.resolve("charts").resolve("arca");
    }
}
