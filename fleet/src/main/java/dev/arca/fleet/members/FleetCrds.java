package dev.arca.fleet.members;

import dev.arca.fleet.resources.FleetResources;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Installs the fleet's CRDs (checked in under {@code /crds/<plural>.fleet.arca.dev-v1.yml} of the fleet
 * jar) on a hub: server-side applied, then waited for until each is Established.
 */
public final class FleetCrds {
    /** The default wait for the CRDs to be Established. */
    public static final Duration TIMEOUT = Duration.ofMinutes(1);

    private FleetCrds() {
    }

    /** The CRD names ({@code <plural>.fleet.arca.dev}), in install order. */
    public static List<String> names() {
        return FleetResources.kinds().stream().map(k -> HasMetadata.getPlural(k) + "." + FleetResources.GROUP).toList();
    }

    public static void install(KubernetesClient hub) {
        install(hub, TIMEOUT);
    }

    /** @throws IllegalStateException when a CRD is not Established within {@code timeout} */
    public static void install(KubernetesClient hub, Duration timeout) {
        for (String name : names()) {
            hub.apiextensions().v1().customResourceDefinitions().resource(load(name)).fieldManager(FleetResources.FIELD_MANAGER)
                    .forceConflicts().serverSideApply();
        }
        Instant deadline = Instant.now().plus(timeout);
        for (String name : names()) {
            while (!established(hub.apiextensions().v1().customResourceDefinitions().withName(name).get())) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("CRD " + name + " was not Established within " + timeout.toSeconds()
                            + "s; see 'kubectl describe crd " + name + "'");
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for CRD " + name + " to be Established", e);
                }
            }
        }
    }

    static CustomResourceDefinition load(String name) {
        String file = "/crds/" + name + "-v1.yml";
        try (InputStream in = FleetCrds.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("CRD " + file + " is not on the class path; rebuild the fleet module");
            }
            return Serialization.unmarshal(in, CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException("reading CRD " + file + " from the class path failed", e);
        }
    }

    private static boolean established(CustomResourceDefinition crd) {
        return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream()
                .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
