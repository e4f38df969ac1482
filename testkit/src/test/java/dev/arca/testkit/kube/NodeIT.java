package dev.arca.testkit.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The node of {@code scripts/local-cluster start} runs pods from the images built here: a
 * Deployment becomes Available, exec, logs and port-forward reach its pods, a Service's ClusterIP
 * reaches them from the host and from a pod, a Job completes, and deleting a namespace removes
 * its pods' containers. Volumes are in {@link NodeVolumesIT}; a stop that leaves nothing behind
 * and a start after a crash are in {@link NodeLifecycleIT}.
 */
@WithNode
@ExtendWith(ControlPlaneExtension.class)
class NodeIT {

    static final String DEBIAN = "localhost/debian:bookworm";
    static final Duration POD_TIMEOUT = Duration.ofSeconds(120);
    private static final String WEB_SCRIPT = "mkdir -p /www && echo \"hello from $(hostname)\" > /www/index.html"
            + " && echo started && exec busybox httpd -f -v -p 8080 -h /www";

    @Test
    void aDeploymentBecomesAvailableAndExecAndLogsReachItsPod(KubernetesClient client, TestNamespace ns)
            throws Exception {
        Pod pod = deployWeb(client, ns.name(), "web");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ExecWatch exec = client.pods().inNamespace(ns.name()).withName(pod.getMetadata().getName())
                .writingOutput(out).writingError(err)
                .exec("bash", "-c", "echo out:$(cat /www/index.html); echo err-line >&2; exit 3")) {
            assertThat(exec.exitCode().get(60, TimeUnit.SECONDS)).isEqualTo(3);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("out:hello from " + pod.getMetadata().getName());
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("err-line");
        });

        assertThat(client.pods().inNamespace(ns.name()).withName(pod.getMetadata().getName()).getLog())
                .contains("started");
        try (LogWatch follow = client.pods().inNamespace(ns.name()).withName(pod.getMetadata().getName()).watchLog()) {
            CompletableFuture<Boolean> seen = CompletableFuture.supplyAsync(() -> awaitLine(follow, "streamed-log-marker"));
            // written to the container's own stdout after the follow began
            ExecWatch write = client.pods().inNamespace(ns.name()).withName(pod.getMetadata().getName())
                    .writingOutput(new ByteArrayOutputStream())
                    .exec("bash", "-c", "echo streamed-log-marker > /proc/1/fd/1");
            assertThat(write.exitCode().get(60, TimeUnit.SECONDS)).isZero();
            write.close();
            assertThat(seen.get(60, TimeUnit.SECONDS)).as("the followed log shows a line written after it began").isTrue();
        }
    }

    /** Reads the followed log until a line holds {@code marker}; false when the stream ends first. */
    private static boolean awaitLine(LogWatch follow, String marker) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(follow.getOutput(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.contains(marker)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("reading the followed log failed", e);
        }
    }

    @Test
    void kubectlExecLogsAndPortForwardWork(LocalControlPlane plane, KubernetesClient client, TestNamespace ns)
            throws Exception {
        Pod pod = deployWeb(client, ns.name(), "web");
        String name = pod.getMetadata().getName();

        Kubectl kubectl = new Kubectl(plane);
        assertThat(kubectl.run("-n", ns.name(), "exec", name, "--", "cat", "/etc/debian_version").output())
                .startsWith("12");
        assertThat(kubectl.run("-n", ns.name(), "logs", name).output()).contains("started");

        try (LocalPortForward forward = client.pods().inNamespace(ns.name()).withName(name).portForward(8080)) {
            assertThat(get("http://127.0.0.1:" + forward.getLocalPort() + "/")).contains("hello from " + name);
        }
        try (Kubectl.Background forward = kubectl.start("-n", ns.name(), "port-forward", "pod/" + name, ":8080")) {
            String line = forward.awaitLine(l -> l.startsWith("Forwarding from 127.0.0.1:"), Duration.ofSeconds(30));
            String port = line.replaceFirst("^Forwarding from 127\\.0\\.0\\.1:(\\d+).*$", "$1");
            assertThat(get("http://127.0.0.1:" + port + "/")).contains("hello from " + name);
        }
    }

    @Test
    void aServiceClusterIpReachesItsPodsFromTheHostAndFromAPod(KubernetesClient client, TestNamespace ns)
            throws Exception {
        Pod web = deployWeb(client, ns.name(), "web");
        Service service = client.services().inNamespace(ns.name()).resource(new ServiceBuilder()
                .withNewMetadata().withName("web").endMetadata()
                .withNewSpec().addToSelector("app", "web")
                .addNewPort().withPort(80).withNewTargetPort(8080).endPort().endSpec()
                .build()).create();
        String clusterIp = service.getSpec().getClusterIP();

        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(
                () -> assertThat(get("http://" + clusterIp + "/")).contains("hello from " + web.getMetadata().getName()));

        Pod client2 = runToCompletion(client, ns.name(), "caller", "curl -sS --max-time 10 http://" + clusterIp + "/"
                + " && curl -sSk --max-time 10 https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT/version");
        String log = client.pods().inNamespace(ns.name()).withName(client2.getMetadata().getName()).getLog();
        assertThat(log).contains("hello from " + web.getMetadata().getName()).contains("\"gitVersion\": \"v1.20");
    }

    @Test
    void nothingAPodSendsLeavesTheMachineNotEvenThroughAServiceThatPointsOutside(KubernetesClient client,
            TestNamespace ns) {
        // 203.0.113.0/24 is TEST-NET-3: documentation only; the fence drops the packets before they could leave
        client.services().inNamespace(ns.name()).resource(new ServiceBuilder()
                .withNewMetadata().withName("outside").endMetadata()
                .withNewSpec().addNewPort().withPort(80).endPort().endSpec().build()).create();
        client.endpoints().inNamespace(ns.name()).resource(new EndpointsBuilder()
                .withNewMetadata().withName("outside").endMetadata()
                .addNewSubset().addNewAddress().withIp("203.0.113.7").endAddress().addNewPort().withPort(80).endPort()
                .endSubset().build()).create();
        String clusterIp = client.services().inNamespace(ns.name()).withName("outside").get().getSpec().getClusterIP();
        long droppedBefore = fenceDrops();

        Pod caller = runToCompletion(client, ns.name(), "caller",
                "curl -sS --max-time 3 http://" + clusterIp + "/; echo service-exit=$?;"
                        + " curl -sS --max-time 3 http://203.0.113.7/; echo direct-exit=$?");

        String log = client.pods().inNamespace(ns.name()).withName(caller.getMetadata().getName()).getLog();
        assertThat(log).contains("service-exit=28", "direct-exit=28");
        assertThat(fenceDrops() - droppedBefore).as("packets the fence dropped").isGreaterThanOrEqualTo(2);
        assertThat(String.join("\n", NodeLifecycleIT.Leftovers.run("iptables-save", "-t", "raw")))
                .as("what arrives from elsewhere for pods or Services is dropped")
                .contains("-A ARCA-NODE-IN -d 10.89.0.0/24 -j DROP", "-A ARCA-NODE-IN -d 10.96.0.0/12 -j DROP");
        assertThat(String.join("\n", NodeLifecycleIT.Leftovers.run("iptables-save", "-t", "filter")))
                .as("loopback stays loopback although kube-proxy sets route_localnet")
                .contains("-A INPUT ! -s 127.0.0.0/8 -d 127.0.0.0/8");
    }

    /** Packets the node's fence rule in mangle FORWARD has dropped so far. */
    private static long fenceDrops() {
        return NodeLifecycleIT.Leftovers.run("iptables", "-w", "-t", "mangle", "-L", "FORWARD", "-v", "-x", "-n").stream()
                .filter(line -> line.contains("arca-local-node") && line.contains("DROP"))
                .mapToLong(line -> Long.parseLong(line.strip().split("\\s+")[0]))
                .sum();
    }

    @Test
    void aJobRunsToCompletion(KubernetesClient client, TestNamespace ns) {
        Job job = client.batch().v1().jobs().inNamespace(ns.name()).resource(new JobBuilder()
                .withNewMetadata().withName("count").endMetadata()
                .withNewSpec().withBackoffLimit(0)
                .withNewTemplate().withNewSpec().withRestartPolicy("Never")
                .withContainers(container("count", "echo sum=$((1+2+3))"))
                .endSpec().endTemplate().endSpec()
                .build()).create();

        await().atMost(POD_TIMEOUT).untilAsserted(() -> assertThat(client.batch().v1().jobs().inNamespace(ns.name())
                .withName(job.getMetadata().getName()).get().getStatus().getSucceeded()).isEqualTo(1));
        Pod pod = client.pods().inNamespace(ns.name()).withLabel("job-name", "count").list().getItems().get(0);
        assertThat(client.pods().inNamespace(ns.name()).withName(pod.getMetadata().getName()).getLog()).contains("sum=6");
    }

    @Test
    void deletingANamespaceRemovesItsPodsAndTheirContainers(LocalControlPlane plane, KubernetesClient client)
            throws Exception {
        String name = TestNamespace.random().name();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                .create();
        await().atMost(Duration.ofSeconds(60)).until(
                () -> client.serviceAccounts().inNamespace(name).withName("default").get() != null);
        deployWeb(client, name, "web");
        Containerd containerd = new Containerd(plane);
        assertThat(containerd.containersOfNamespace(name)).isNotEmpty();

        client.namespaces().withName(name).delete();

        await().atMost(POD_TIMEOUT).untilAsserted(() -> assertThat(client.namespaces().withName(name).get()).isNull());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(
                () -> assertThat(containerd.containersOfNamespace(name)).isEmpty());
    }

    /** A one-replica Deployment serving its pod's name on 8080; returns its pod once Available. */
    static Pod deployWeb(KubernetesClient client, String namespace, String name) {
        client.apps().deployments().inNamespace(namespace).resource(new DeploymentBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(1)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().withTerminationGracePeriodSeconds(1L).withContainers(container("web", WEB_SCRIPT))
                .endSpec().endTemplate().endSpec()
                .build()).create();
        await().atMost(POD_TIMEOUT).untilAsserted(() -> {
            Deployment d = client.apps().deployments().inNamespace(namespace).withName(name).get();
            assertThat(d.getStatus().getConditions()).anySatisfy(c -> {
                assertThat(c.getType()).isEqualTo("Available");
                assertThat(c.getStatus()).isEqualTo("True");
            });
        });
        List<Pod> pods = client.pods().inNamespace(namespace).withLabel("app", name).list().getItems();
        assertThat(pods).singleElement().satisfies(p -> assertThat(p.getStatus().getPhase()).isEqualTo("Running"));
        return pods.get(0);
    }

    /** A pod of {@link #DEBIAN} running {@code script} once; returns it when it Succeeded. */
    static Pod runToCompletion(KubernetesClient client, String namespace, String name, String script) {
        return runToCompletion(client, new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().withRestartPolicy("Never").withContainers(container(name, script)).endSpec()
                .build());
    }

    static Pod runToCompletion(KubernetesClient client, Pod pod) {
        String namespace = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        client.pods().inNamespace(namespace).resource(pod).create();
        await().atMost(POD_TIMEOUT).until(() -> {
            String phase = client.pods().inNamespace(namespace).withName(name).get().getStatus().getPhase();
            return "Succeeded".equals(phase) || "Failed".equals(phase);
        });
        Pod done = client.pods().inNamespace(namespace).withName(name).get();
        assertThat(done.getStatus().getPhase())
                .as("pod %s/%s; its log:%n%s", namespace, name, client.pods().inNamespace(namespace).withName(name).getLog())
                .isEqualTo("Succeeded");
        return done;
    }

    static Container container(String name, String script) {
        return new ContainerBuilder().withName(name).withImage(DEBIAN).withImagePullPolicy("Never")
                .withCommand("bash", "-c", script).build();
    }

    static String get(String url) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s", url).isEqualTo(200);
        return response.body();
    }
}
