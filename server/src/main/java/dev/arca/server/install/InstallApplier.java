package dev.arca.server.install;

import dev.arca.server.resources.Resources;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The only class that writes an install to a cluster: server-side apply of the
 * {@link InstallManifests} objects in order (field manager {@value #FIELD_MANAGER}, conflicts
 * forced), skipping an object whose live state already holds every field it sets ({@link LiveState}),
 * waiting for the CRDs to be Established before anything that needs them; and the
 * uninstall, which deletes in reverse order.
 */
public final class InstallApplier {
    public static final String FIELD_MANAGER = "arca-install";
    private final KubernetesClient client;
    private final Duration timeout;

    /** What happened to one object: created, changed or unchanged (its resourceVersion stayed). */
    public record Applied(String kind, String namespace, String name, String resourceVersion, String outcome) {
        @Override
        public String toString() {
            return kind.toLowerCase(java.util.Locale.ROOT) + "/" + name + (namespace == null ? "" : " -n " + namespace)
                    + " " + outcome;
        }
    }

    public InstallApplier(KubernetesClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    /** Applies every object in order; the result says, per object, what changed. */
    public List<Applied> apply(List<HasMetadata> objects) {
        List<Applied> applied = new ArrayList<>();
        List<String> crds = new ArrayList<>();
        for (HasMetadata object : objects) {
            if (!(object instanceof CustomResourceDefinition) && !crds.isEmpty()) {
                crds.forEach(this::awaitEstablished);
                crds.clear();
            }
            applied.add(applyOne(object));
            if (object instanceof CustomResourceDefinition) {
                crds.add(object.getMetadata().getName());
            }
        }
        crds.forEach(this::awaitEstablished);
        return applied;
    }

    private Applied applyOne(HasMetadata object) {
        HasMetadata before = client.resource(object).get();
        if (before != null && LiveState.holds(Serialization.jsonMapper().valueToTree(before),
                Serialization.jsonMapper().valueToTree(object))) {
            return new Applied(object.getKind(), object.getMetadata().getNamespace(), object.getMetadata().getName(),
                    before.getMetadata().getResourceVersion(), "unchanged");
        }
        HasMetadata after = client.resource(object).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        String version = after.getMetadata().getResourceVersion();
        String outcome = before == null ? "created"
                : Objects.equals(before.getMetadata().getResourceVersion(), version) ? "unchanged" : "changed";
        return new Applied(object.getKind(), object.getMetadata().getNamespace(), object.getMetadata().getName(), version,
                outcome);
    }

    private void awaitEstablished(String name) {
        try {
            client.apiextensions().v1().customResourceDefinitions().withName(name).waitUntilCondition(crd -> crd != null
                    && crd.getStatus() != null && crd.getStatus().getConditions() != null
                    && crd.getStatus().getConditions().stream()
                    .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus())),
                    timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (KubernetesClientTimeoutException e) {
            throw new IllegalStateException("CRD " + name + " was not Established within " + timeout.toSeconds()
                    + "s; see 'kubectl describe crd " + name + "'", e);
        }
    }

    /**
     * Waits until the server's Deployment has its replicas available.
     *
     * @throws IllegalStateException naming the Deployment and how many are available, after {@code timeout}
     */
    public void awaitServer(String namespace) {
        var deployment = client.apps().deployments().inNamespace(namespace).withName(ServerWorkload.NAME);
        try {
            deployment.waitUntilCondition(InstallApplier::available, timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (KubernetesClientTimeoutException e) {
            Deployment now = deployment.get();
            Integer available = now == null || now.getStatus() == null ? null : now.getStatus().getAvailableReplicas();
            throw new IllegalStateException("deployment " + namespace + "/" + ServerWorkload.NAME + " has "
                    + (available == null ? 0 : available) + " available replicas after " + timeout.toSeconds()
                    + "s; see 'kubectl -n " + namespace + " describe deployment " + ServerWorkload.NAME
                    + "' and the pods' events", e);
        }
    }

    static boolean available(Deployment d) {
        if (d == null || d.getSpec() == null || d.getStatus() == null) {
            return false;
        }
        int wanted = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        Integer available = d.getStatus().getAvailableReplicas();
        return (available == null ? 0 : available) >= wanted;
    }

    /**
     * Deletes what an install into {@code namespace} made, newest first. The Namespace and the CRDs
     * (and with them every Backup, Restore, Schedule and BackupLocation resource) stay unless
     * {@code includeCrds}; then the finalizers of those resources are cleared first, as no server is
     * left to honour them, so that the CRDs go. Backup data in the locations is never touched.
     *
     * @return the kind/name of each object deleted
     */
    public List<String> uninstall(String namespace, boolean includeCrds) {
        List<HasMetadata> objects = new ArrayList<>(InstallManifests.objects(InstallOptions.defaults().withNamespace(namespace)));
        java.util.Collections.reverse(objects);
        List<String> deleted = new ArrayList<>();
        for (HasMetadata object : objects) {
            boolean kept = object instanceof CustomResourceDefinition || "Namespace".equals(object.getKind());
            if (kept && !includeCrds) {
                continue;
            }
            if (object instanceof CustomResourceDefinition) {
                clearFinalizers(object.getMetadata().getName());
            }
            if (!client.resource(object).delete().isEmpty()) {
                deleted.add(object.getKind().toLowerCase(java.util.Locale.ROOT) + "/" + object.getMetadata().getName());
            }
        }
        return deleted;
    }

    private void clearFinalizers(String crdName) {
        CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().withName(crdName).get();
        if (crd == null) {
            return;
        }
        var context = new ResourceDefinitionContext.Builder().withGroup(Resources.GROUP).withVersion(Resources.VERSION)
                .withPlural(crd.getSpec().getNames().getPlural()).withKind(crd.getSpec().getNames().getKind())
                .withNamespaced(true).build();
        for (var item : client.genericKubernetesResources(context).inAnyNamespace().list().getItems()) {
            if (item.getMetadata().getFinalizers() != null && !item.getMetadata().getFinalizers().isEmpty()) {
                client.genericKubernetesResources(context).inNamespace(item.getMetadata().getNamespace())
                        .withName(item.getMetadata().getName())
                        .patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                                "{\"metadata\":{\"finalizers\":null}}");
            }
        }
    }
}
