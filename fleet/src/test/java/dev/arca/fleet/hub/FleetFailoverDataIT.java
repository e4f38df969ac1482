package dev.arca.fleet.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arca.engine.volume.PodVolumes;
import dev.arca.fleet.failover.Failover;
import dev.arca.fleet.failover.FailoverReport;
import dev.arca.fleet.members.FleetKey;
import dev.arca.fleet.members.MemberClients;
import dev.arca.fleet.members.MemberCredentials;
import dev.arca.fleet.resources.Cell;
import dev.arca.fleet.resources.CellSpec;
import dev.arca.fleet.resources.MemberCluster;
import dev.arca.fleet.resources.MemberClusterSpec;
import dev.arca.fleet.resources.Placement;
import dev.arca.fleet.resources.PolicySpec;
import dev.arca.fleet.resources.PropagationPolicy;
import dev.arca.fleet.resources.Work;
import dev.arca.fleet.resources.WorkStatus;
import dev.arca.server.controller.ArcaServer;
import dev.arca.server.resources.Backup;
import dev.arca.server.resources.BackupLocation;
import dev.arca.server.resources.BackupLocationResourceSpec;
import dev.arca.server.resources.BackupPhase;
import dev.arca.server.resources.BackupResourceSpec;
import dev.arca.server.resources.Crds;
import dev.arca.server.resources.LocationProvider;
import dev.arca.server.resources.Restore;
import dev.arca.server.resources.RestorePhase;
import dev.arca.server.resources.SecretKeyRef;
import dev.arca.testkit.ServerSupport;
import dev.arca.testkit.kube.ControlPlaneExtension;
import dev.arca.testkit.kube.Kubectl;
import dev.arca.testkit.kube.LocalControlPlane;
import dev.arca.testkit.kube.OwnsNode;
import dev.arca.testkit.s3.S3Server;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code arca fleet failover} end to end with volume data on a node: a hub (no node) and one member
 * with the machine's node, on which cells {@code cell-a} and {@code cell-b} both select that node. A
 * Deployment and its claim are placed on cell-a; the test writes a file into the claim through the
 * pod; the member's own Arca server (in the test JVM) backs the namespace up into s3proxy; then
 * cell-a's workload, the claim, the volume and its data go. The hub puts the workload back but not the
 * claim (an empty claim would hide the loss, and a restore leaves an existing claim as it is) and says
 * so on the claim's Work; the failover restores the claim from that backup on the member and moves the
 * Deployment to cell-b, whose pod reads exactly the bytes written before the disaster, and the hub
 * takes the restored claim as its copy again.
 */
@OwnsNode
@ExtendWith(ControlPlaneExtension.class)
class FleetFailoverDataIT {
    private static final String WORKSPACE = "team";
    private static final String NS = "shop";
    private static final String SERVER_NS = "arca";
    private static final FleetKey KEY = new FleetKey("failover data passphrase".toCharArray(), null);
    private static final Map<String, String> CELL_A = Map.of("failover.test/cell-a", "true");
    private static final Map<String, String> CELL_B = Map.of("failover.test/cell-b", "true");
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Duration POLL = Duration.ofMillis(500);

    private static Path dir;
    private static LocalControlPlane hubPlane;
    private static LocalControlPlane memberPlane;
    private static S3Server s3;
    private static ArcaServer server;
    private static FleetHub fleet;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("arca-failover-data-");
        memberPlane = LocalControlPlane.startWithNode();
        hubPlane = LocalControlPlane.start();
        s3 = S3Server.start();
        KubernetesClient member = memberPlane.client();
        // one node is all this machine has: it carries both cells' labels, so each cell's node selector matches it
        member.nodes().withName("localhost").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"labels\":{\"failover.test/cell-a\":\"true\",\"failover.test/cell-b\":\"true\"}}}");
        Crds.apply(member, "failover-test", Duration.ofSeconds(60));
        FleetFixture.namespace(member, SERVER_NS);
        server = ArcaServer.start(member, ArcaServer.Options.defaults(SERVER_NS, "member-server", dir.resolve("server"))
                .withClock(Clock.systemUTC(), Duration.ofSeconds(1)).withoutLeaderElection());
        await("the member's Arca server to be ready").atMost(WAIT).until(server::ready);
        s3Location(member);
        fleet = FleetHub.start(hubPlane.client(), FleetHub.Options.defaults("failover-hub", KEY)
                .withResync(Duration.ofSeconds(1)).withoutLeaderElection());
        joinMemberWithTwoCells();
    }

    @AfterAll
    static void stop() {
        // reverse order; each step runs even when one before it failed, so no plane, node or mount is left
        List<AutoCloseable> all = new java.util.ArrayList<>();
        all.add(fleet);
        all.add(server);
        all.add(s3);
        all.add(hubPlane);
        all.add(memberPlane);
        for (AutoCloseable c : all) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(FleetFailoverDataIT.class).warn("cannot stop {}", c, e);
            }
        }
        if (dir != null) {
            ServerSupport.deleteTree(dir);
        }
    }

    @Test
    void aFailoverRestoresTheClaimFromTheMembersBackupAndTheWorkloadOnTheNewCellReadsTheSameBytes() throws Exception {
        KubernetesClient hub = hubPlane.client();
        KubernetesClient member = memberPlane.client();
        Path data = dir.resolve("volume");
        member.persistentVolumes().resource(volume(data)).create();
        hub.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName(NS)
                .addToLabels(dev.arca.fleet.resources.FleetResources.WORKSPACE_LABEL, WORKSPACE).endMetadata().build()).create();
        hub.persistentVolumeClaims().inNamespace(NS).resource(claim()).create();
        hub.apps().deployments().inNamespace(NS).resource(deployment()).create();
        hub.resource(policyOnCellA()).create();
        Pod onA = awaitRunningPod(member, "api-cell-a", CELL_A);

        byte[] written = ("written on cell-a before the disaster " + UUID.randomUUID()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        kubectl("exec", "-n", NS, onA.getMetadata().getName(), "--", "sh", "-c",
                "printf '%s' \"$0\" > /data/greeting", new String(written, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(Files.readAllBytes(data.resolve("greeting"))).as("the pod wrote into the volume").isEqualTo(written);
        backUp(member, "before-disaster");

        disaster(hub, member, data);

        try (MemberClients members = new MemberClients(hub, KEY)) {
            Failover failover = new Failover(hub, members, Clock.systemUTC());
            restoredAndMoved(failover, hub, member);
        }

        Pod onB = awaitRunningPod(member, "api-cell-b", CELL_B);
        assertThat(onB.getSpec().getVolumes()).as("cell-b's pod mounts the restored claim")
                .anyMatch(v -> v.getPersistentVolumeClaim() != null && "data".equals(v.getPersistentVolumeClaim().getClaimName()));
        String read = kubectl("exec", "-n", NS, onB.getMetadata().getName(), "--", "cat", "/data/greeting");
        assertThat(read.getBytes(java.nio.charset.StandardCharsets.UTF_8)).as("what cell-b's pod reads").isEqualTo(written);
        await("cell-a's Deployment to be removed").atMost(WAIT).pollInterval(POLL)
                .until(() -> member.apps().deployments().inNamespace(NS).withName("api-cell-a").get() == null);
        try {
            await("the hub to take the restored claim as its copy").atMost(WAIT).pollInterval(POLL).until(() -> {
                WorkStatus s = claimWork(hub).getStatus();
                return s != null && s.applied && s.lost == null;
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the claim's Work is " + Serialization.asJson(claimWork(hub)) + "; the member's claim is "
                    + Serialization.asJson(member.persistentVolumeClaims().inNamespace(NS).withName("data").get()), e);
        }
    }

    private static Work claimWork(KubernetesClient hub) {
        return hub.resources(Work.class).inAnyNamespace().list().getItems().stream().filter(w -> {
            Object m = w.getSpec().manifest.getValue();
            return m instanceof Map<?, ?> map && "PersistentVolumeClaim".equals(map.get("kind"));
        }).findFirst().orElseThrow(() -> new AssertionError("no Work of the claim on the hub"));
    }

    /** The Restore of the backup Completes on the member, and the policy now places the application on cell-b. */
    private static void restoredAndMoved(Failover failover, KubernetesClient hub, KubernetesClient member) {
        FailoverReport report = failover.run(options());
        assertThat(report.blocked()).as(report.text()).isFalse();
        assertThat(report.namespaces()).as(report.text()).singleElement().satisfies(n -> {
            assertThat(n.backup()).isEqualTo("before-disaster");
            assertThat(n.restore()).startsWith("failover-" + NS);
            assertThat(n.phase()).isEqualTo("Completed");
        });
        String name = report.namespaces().get(0).restore();
        assertThat(report.text()).contains("Restore " + name + " Completed");
        Restore restore = member.resources(Restore.class).inNamespace(SERVER_NS).withName(name).get();
        assertThat(restore.getStatus().getPhase()).as(String.valueOf(restore.getStatus().getFailureReason()))
                .isEqualTo(RestorePhase.Completed);
        assertThat(cells(hub)).containsExactly("cell-b");
    }

    private static Failover.Options options() {
        return new Failover.Options(WORKSPACE, "cell-a", "cell-b", false, false, SERVER_NS, Duration.ofMinutes(2));
    }

    private static List<String> cells(KubernetesClient hub) {
        return hub.resources(PropagationPolicy.class).inNamespace(NS).withName("api").get().getSpec().placement.cellAffinity.cellNames;
    }

    /** The member's server backs the namespace up, with the claim's data, and the backup Completes. */
    private static void backUp(KubernetesClient member, String name) {
        Backup backup = new Backup();
        backup.getMetadata().setNamespace(SERVER_NS);
        backup.getMetadata().setName(name);
        backup.setSpec(new BackupResourceSpec());
        backup.getSpec().setIncludedNamespaces(List.of(NS));
        member.resource(backup).create();
        await("backup " + name + " to finish").atMost(WAIT).pollInterval(POLL).until(() -> {
            Backup b = member.resources(Backup.class).inNamespace(SERVER_NS).withName(name).get();
            return b.getStatus() != null && List.of(BackupPhase.Completed, BackupPhase.PartiallyFailed, BackupPhase.Failed)
                    .contains(b.getStatus().getPhase());
        });
        Backup done = member.resources(Backup.class).inNamespace(SERVER_NS).withName(name).get();
        assertThat(done.getStatus().getPhase()).as(String.valueOf(done.getStatus().getFailureReason())).isEqualTo(BackupPhase.Completed);
    }

    /** Cell-a's workload, the claim, its volume and the volume's data are lost on the member. */
    private static void disaster(KubernetesClient hub, KubernetesClient member, Path data) {
        // the claim first: once it is being deleted, no new pod is scheduled onto it. Deleted after the pods, it raced
        // the hub putting the workload back, whose new pod, scheduled in between, kept the claim (and so the volume)
        member.persistentVolumeClaims().inNamespace(NS).withName("data").delete();
        member.apps().deployments().inNamespace(NS).withName("api-cell-a").withGracePeriod(0).delete();
        member.pods().inNamespace(NS).withLabel("app", "api").withGracePeriod(0).delete();
        member.persistentVolumes().withName("pv-" + NS).delete();
        await("the claim and volume to be gone").atMost(WAIT).pollInterval(POLL).until(() ->
                member.persistentVolumes().withName("pv-" + NS).get() == null);
        ServerSupport.deleteTree(data);
        // the hub puts the workload back, not the claim: it says the claim is lost on the member, and leaves it so
        await("the hub to report the claim lost on the member").atMost(WAIT).pollInterval(POLL)
                .until(() -> claimWork(hub).getStatus() != null && Boolean.TRUE.equals(claimWork(hub).getStatus().lost));
        assertThat(claimWork(hub).getStatus().message).contains("does not put back an empty claim");
        await("the hub to put cell-a's workload back").atMost(WAIT).pollInterval(POLL)
                .until(() -> member.apps().deployments().inNamespace(NS).withName("api-cell-a").get() != null);
        assertThat(member.persistentVolumeClaims().inNamespace(NS).withName("data").get()).as("no empty claim was made").isNull();
    }

    private static Pod awaitRunningPod(KubernetesClient member, String deployment, Map<String, String> nodeSelector) {
        await(deployment + "'s pod to run on the node").atMost(WAIT).pollInterval(POLL).until(() -> runningPod(member, deployment) != null);
        Deployment d = member.apps().deployments().inNamespace(NS).withName(deployment).get();
        assertThat(d.getSpec().getTemplate().getSpec().getNodeSelector()).as(deployment + "'s node selector").isEqualTo(nodeSelector);
        return runningPod(member, deployment);
    }

    private static Pod runningPod(KubernetesClient member, String deployment) {
        return member.pods().inNamespace(NS).withLabel(CellWorkloads.CELL_LABEL, deployment.substring("api-".length())).list()
                .getItems().stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .filter(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase())).findFirst().orElse(null);
    }

    private static String kubectl(String... args) {
        return new Kubectl(memberPlane).run(args).output();
    }

    private static io.fabric8.kubernetes.api.model.PersistentVolume volume(Path data) {
        return new PersistentVolumeBuilder().withNewMetadata().withName("pv-" + NS).endMetadata()
                .withNewSpec().withCapacity(Map.of("storage", new Quantity("1Gi"))).withAccessModes("ReadWriteOnce")
                .withPersistentVolumeReclaimPolicy("Retain").withStorageClassName("manual")
                .withNewClaimRef().withNamespace(NS).withName("data").endClaimRef()
                .withNewHostPath().withPath(data.toString()).withType("DirectoryOrCreate").endHostPath().endSpec().build();
    }

    private static io.fabric8.kubernetes.api.model.PersistentVolumeClaim claim() {
        return new PersistentVolumeClaimBuilder().withNewMetadata().withName("data").endMetadata()
                .withNewSpec().withAccessModes("ReadWriteOnce").withStorageClassName("manual")
                .withNewResources().withRequests(Map.of("storage", new Quantity("1Gi"))).endResources().endSpec().build();
    }

    private static Deployment deployment() {
        return new DeploymentBuilder().withNewMetadata().withName("api").endMetadata().withNewSpec().withReplicas(1)
                .withNewStrategy().withType("Recreate").endStrategy()
                .withNewSelector().addToMatchLabels("app", "api").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "api").addToAnnotations(PodVolumes.VOLUMES, "data")
                .endMetadata().withNewSpec().withTerminationGracePeriodSeconds(1L)
                .addNewContainer().withName("api").withImage("localhost/debian:bookworm").withImagePullPolicy("Never")
                .withCommand("bash", "-c", "exec sleep infinity")
                .addNewVolumeMount().withName("data").withMountPath("/data").endVolumeMount().endContainer()
                .addNewVolume().withName("data").withNewPersistentVolumeClaim().withClaimName("data").endPersistentVolumeClaim()
                .endVolume().endSpec().endTemplate().endSpec().build();
    }

    /** The Deployment and its claim, placed by cell on cell-a only. */
    private static PropagationPolicy policyOnCellA() {
        PolicySpec spec = new PolicySpec();
        spec.resourceSelectors = new java.util.ArrayList<>(List.of(selector("apps/v1", "Deployment", "api"),
                selector("v1", "PersistentVolumeClaim", "data")));
        Placement.SpreadConstraint byCell = new Placement.SpreadConstraint();
        byCell.spreadByField = "cell";
        spec.placement.spreadConstraints = List.of(byCell);
        spec.placement.cellAffinity = new Placement.CellAffinity();
        spec.placement.cellAffinity.cellNames = List.of("cell-a");
        PropagationPolicy p = new PropagationPolicy();
        p.getMetadata().setNamespace(NS);
        p.getMetadata().setName("api");
        p.setSpec(spec);
        return p;
    }

    private static PolicySpec.ResourceSelector selector(String apiVersion, String kind, String name) {
        PolicySpec.ResourceSelector s = new PolicySpec.ResourceSelector();
        s.apiVersion = apiVersion;
        s.kind = kind;
        s.name = name;
        return s;
    }

    /** A default location in s3proxy for the member's server. */
    private static void s3Location(KubernetesClient member) {
        member.secrets().inNamespace(SERVER_NS).resource(new SecretBuilder().withNewMetadata().withName("s3").endMetadata()
                .addToStringData("credential", "[default]\naws_access_key_id = " + s3.accessKey() + "\naws_secret_access_key = "
                        + s3.secretKey() + "\n").build()).create();
        BackupLocationResourceSpec spec = new BackupLocationResourceSpec();
        spec.setProvider(LocationProvider.s3);
        spec.setBucket(s3.createUniqueBucket("failover"));
        spec.setEndpoint(s3.endpoint());
        spec.setPathStyle(true);
        spec.setCredential(SecretKeyRef.of("s3", "credential"));
        spec.setDefaultLocation(true);
        spec.setValidationFrequency("1s");
        BackupLocation location = new BackupLocation();
        location.getMetadata().setNamespace(SERVER_NS);
        location.getMetadata().setName("main");
        location.setSpec(spec);
        member.resource(location).create();
    }

    /** The member joins workspace {@value #WORKSPACE} as {@code arca fleet join} would, with cells cell-a and cell-b. */
    private static void joinMemberWithTwoCells() throws Exception {
        KubernetesClient hub = hubPlane.client();
        FleetFixture.namespace(hub, WORKSPACE);
        Map<String, String> sealed = MemberCredentials.seal(Files.readAllBytes(memberPlane.kubeconfig()), WORKSPACE, "dc1", KEY);
        hub.secrets().inNamespace(WORKSPACE).resource(new SecretBuilder().withNewMetadata().withName("dc1-credentials")
                .endMetadata().withData(sealed).build()).create();
        MemberCluster m = new MemberCluster();
        m.getMetadata().setNamespace(WORKSPACE);
        m.getMetadata().setName("dc1");
        m.setSpec(new MemberClusterSpec());
        m.getSpec().credentials = new MemberClusterSpec.SecretKey("dc1-credentials", MemberCredentials.KUBECONFIG);
        hub.resource(m).create();
        for (Map.Entry<String, Map<String, String>> cell : Map.of("cell-a", CELL_A, "cell-b", CELL_B).entrySet()) {
            Cell c = new Cell();
            c.getMetadata().setNamespace(WORKSPACE);
            c.getMetadata().setName(cell.getKey());
            c.setSpec(new CellSpec());
            c.getSpec().cluster = "dc1";
            c.getSpec().nodeSelector.putAll(cell.getValue());
            hub.resource(c).create();
        }
    }
}
