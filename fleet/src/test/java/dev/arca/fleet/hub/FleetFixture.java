package dev.arca.fleet.hub;

import dev.arca.fleet.members.FleetKey;
import dev.arca.fleet.members.MemberCredentials;
import dev.arca.fleet.resources.Cell;
import dev.arca.fleet.resources.CellSpec;
import dev.arca.fleet.resources.FleetResources;
import dev.arca.fleet.resources.MemberCluster;
import dev.arca.fleet.resources.MemberClusterSpec;
import dev.arca.testkit.kube.CuttableProxy;
import dev.arca.testkit.kube.LocalControlPlane;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;

/**
 * Three real control planes: a hub and two members, {@code eu} (region eu, cells {@code eu-a} and
 * {@code eu-b}) and {@code us} (region us), the latter reached through a {@link CuttableProxy} so
 * that a test can cut it off. A {@link FleetHub} runs in the test JVM with a 1-second resync. The
 * members join workspace {@value #WORKSPACE} as {@code arca fleet join} would: a sealed Secret and a
 * MemberCluster.
 */
final class FleetFixture implements AutoCloseable {
    static final String WORKSPACE = "team";
    static final FleetKey KEY = new FleetKey("fleet fixture passphrase".toCharArray(), null);
    final LocalControlPlane hub;
    final LocalControlPlane eu;
    final LocalControlPlane us;
    final CuttableProxy usProxy;
    final FleetHub fleet;

    private static FleetFixture shared;

    /** The test JVM's one fixture, started by the first IT that asks and stopped when the JVM ends. */
    static synchronized FleetFixture shared() {
        if (shared == null) {
            shared = new FleetFixture();
            FleetFixture f = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(f::close, "fleet-fixture-stop"));
        }
        return shared;
    }

    private FleetFixture() {
        hub = LocalControlPlane.start();
        eu = LocalControlPlane.start();
        us = LocalControlPlane.start();
        usProxy = new CuttableProxy(us.apiServerUrl());
        fleet = FleetHub.start(hub.client(), FleetHub.Options.defaults("test-hub", KEY)
                .withResync(Duration.ofSeconds(1)).withoutLeaderElection());
        namespace(hub.client(), WORKSPACE);
        join("eu", kubeconfig(eu, eu.apiServerUrl()), Map.of(FleetResources.REGION_LABEL, "eu"));
        join("us", kubeconfig(us, usProxy.url()), Map.of(FleetResources.REGION_LABEL, "us"));
        cell("eu-a", "eu", Map.of("zone", "a"));
        cell("eu-b", "eu", Map.of("zone", "b"));
    }

    KubernetesClient hubClient() {
        return hub.client();
    }

    void join(String name, byte[] kubeconfig, Map<String, String> labels) {
        KubernetesClient h = hub.client();
        Map<String, String> sealed = MemberCredentials.seal(kubeconfig, WORKSPACE, name, KEY);
        h.secrets().inNamespace(WORKSPACE).resource(new SecretBuilder().withNewMetadata().withName(name + "-credentials")
                .endMetadata().withData(sealed).build()).serverSideApply();
        MemberCluster m = new MemberCluster();
        m.getMetadata().setNamespace(WORKSPACE);
        m.getMetadata().setName(name);
        m.getMetadata().setLabels(labels);
        m.setSpec(new MemberClusterSpec());
        m.getSpec().credentials = new MemberClusterSpec.SecretKey(name + "-credentials", "kubeconfig");
        h.resource(m).create();
    }

    void cell(String name, String cluster, Map<String, String> nodeSelector) {
        Cell c = new Cell();
        c.getMetadata().setNamespace(WORKSPACE);
        c.getMetadata().setName(name);
        c.setSpec(new CellSpec());
        c.getSpec().cluster = cluster;
        c.getSpec().nodeSelector.putAll(nodeSelector);
        hub.client().resource(c).create();
    }

    static void namespace(KubernetesClient client, String name) {
        Kube.createIfAbsent(client, new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build());
    }

    /** The plane's kubeconfig with its server URL replaced (by the proxy's, for a member a test can cut). */
    static byte[] kubeconfig(LocalControlPlane plane, String url) {
        try {
            String text = Files.readString(plane.kubeconfig());
            return text.replace(plane.apiServerUrl(), url).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        fleet.close();
        usProxy.close();
        us.close();
        eu.close();
        hub.close();
    }
}
