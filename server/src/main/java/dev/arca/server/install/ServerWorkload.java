package dev.arca.server.install;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The server's Deployment (runs {@code arca server}: the image's entry point is the {@code arca}
 * launcher) and the Service Prometheus scrapes. The pod runs as the image's user 65532 with a
 * read-only root file system; {@code /tmp} and {@code ARCA_HOME} are emptyDirs.
 */
final class ServerWorkload {
    static final String NAME = "arca-server";
    static final String HOME = "/home/arca";
    static final String ARCA_HOME = HOME + "/.arca";
    private static final long USER = 65532L;

    private ServerWorkload() {
    }

    static Deployment deployment(InstallOptions options) {
        Map<String, String> selector = InstallManifests.selector();
        return new DeploymentBuilder()
                .withNewMetadata().withName(NAME).withNamespace(options.namespace()).withLabels(InstallManifests.labels())
                .endMetadata()
                .withNewSpec().withReplicas(options.replicas())
                .withNewSelector().withMatchLabels(selector).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(InstallManifests.labels()).endMetadata()
                .withNewSpec().withServiceAccountName(InstallManifests.SERVICE_ACCOUNT)
                .withSecurityContext(new PodSecurityContextBuilder().withRunAsNonRoot(true).withRunAsUser(USER)
                        .withRunAsGroup(USER).withFsGroup(USER).withNewSeccompProfile().withType("RuntimeDefault")
                        .endSeccompProfile().build())
                .withContainers(container(options))
                .withVolumes(volumes(options))
                .endSpec().endTemplate().endSpec().build();
    }

    /**
     * The emptyDirs, and for a filesystem location its directory on the node (a hostPath at the same
     * path, created when missing): what a one-node or NFS-backed cluster needs. The pod writes it as
     * user 65532, so the directory must be writable by that user (docs/server-install.md).
     */
    private static List<io.fabric8.kubernetes.api.model.Volume> volumes(InstallOptions options) {
        List<io.fabric8.kubernetes.api.model.Volume> volumes = new java.util.ArrayList<>(List.of(
                new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build(),
                new VolumeBuilder().withName("home").withNewEmptyDir().endEmptyDir().build()));
        locationPath(options).ifPresent(path -> volumes.add(new VolumeBuilder().withName("location")
                .withNewHostPath().withPath(path).withType("DirectoryOrCreate").endHostPath().build()));
        return volumes;
    }

    private static java.util.Optional<String> locationPath(InstallOptions options) {
        return options.location().map(InstallLocation::spec)
                .filter(spec -> spec.getProvider() == dev.arca.server.resources.LocationProvider.filesystem)
                .map(dev.arca.server.resources.BackupLocationResourceSpec::getPath);
    }

    private static Container container(InstallOptions options) {
        return new ContainerBuilder().withName("server").withImage(options.image())
                .withImagePullPolicy(options.imagePullPolicy())
                .withArgs("server", "--metrics-address", ":" + options.metricsPort(), "--namespace", options.namespace())
                .addNewEnv().withName("ARCA_HOME").withValue(ARCA_HOME).endEnv()
                .addNewPort().withName("metrics").withContainerPort(options.metricsPort()).withProtocol("TCP").endPort()
                .withLivenessProbe(probe("/healthz", 10, 6))
                .withReadinessProbe(probe("/readyz", 5, 3))
                .withNewResources().withRequests(quantities("100m", "256Mi")).withLimits(quantities("1", "1Gi"))
                .endResources()
                .withNewSecurityContext().withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true)
                .withRunAsNonRoot(true).withNewCapabilities().withDrop("ALL").endCapabilities().endSecurityContext()
                .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
                .addNewVolumeMount().withName("home").withMountPath(HOME).endVolumeMount()
                .addAllToVolumeMounts(locationPath(options).map(path -> List.of(new io.fabric8.kubernetes.api.model.VolumeMountBuilder()
                        .withName("location").withMountPath(path).build())).orElse(List.of()))
                .build();
    }

    private static Probe probe(String path, int periodSeconds, int failureThreshold) {
        return new ProbeBuilder().withNewHttpGet().withPath(path).withPort(new IntOrString("metrics")).endHttpGet()
                .withPeriodSeconds(periodSeconds).withFailureThreshold(failureThreshold).build();
    }

    private static Map<String, Quantity> quantities(String cpu, String memory) {
        Map<String, Quantity> q = new TreeMap<>();
        q.put("cpu", new Quantity(cpu));
        q.put("memory", new Quantity(memory));
        return q;
    }

    static Service service(InstallOptions options) {
        Map<String, String> annotations = new TreeMap<>();
        annotations.put("prometheus.io/scrape", "true");
        annotations.put("prometheus.io/port", String.valueOf(options.metricsPort()));
        annotations.put("prometheus.io/path", "/metrics");
        return new ServiceBuilder()
                .withNewMetadata().withName(NAME).withNamespace(options.namespace()).withLabels(InstallManifests.labels())
                .withAnnotations(annotations).endMetadata()
                .withNewSpec().withSelector(InstallManifests.selector())
                .withPorts(List.of(new io.fabric8.kubernetes.api.model.ServicePortBuilder().withName("metrics")
                        .withPort(options.metricsPort()).withTargetPort(new IntOrString("metrics")).withProtocol("TCP").build()))
                .endSpec().build();
    }
}
