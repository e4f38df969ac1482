package dev.arca.server.resources;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The checked-in CRDs of the five kinds (generated from the classes; {@code CrdYamlTest} keeps
 * them equal), read from the class path, and applied to a cluster.
 */
public final class Crds {
    /** The plurals, in {@link Resources#kinds()}' order. */
    public static final List<String> PLURALS = List.of("backuplocations", "backups", "environments", "restores", "schedules");
    /** The kind the server only reads (configuration a Restore names): no status, no finalizer. */
    public static final String ENVIRONMENTS = "environments";

    private Crds() {
    }

    /** The CRDs as objects. */
    public static List<CustomResourceDefinition> load() {
        List<CustomResourceDefinition> crds = new ArrayList<>();
        for (String plural : PLURALS) {
            crds.add(Serialization.unmarshal(yaml(plural), CustomResourceDefinition.class));
        }
        return crds;
    }

    /** The YAML of one CRD as checked in ({@code /crds/<plural>.arca.dev-v1.yml}). */
    public static String yaml(String plural) {
        String file = "/crds/" + plural + "." + Resources.GROUP + "-v1.yml";
        try (InputStream in = Crds.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("CRD " + file + " is not on the class path; rebuild the server module");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading CRD " + file + " from the class path failed", e);
        }
    }

    /**
     * Server-side applies the CRDs (field manager {@code fieldManager}, conflicts forced) and
     * waits until each is Established.
     *
     * @throws IllegalStateException when one is not Established within {@code timeout}
     */
    public static void apply(KubernetesClient client, String fieldManager, Duration timeout) {
        for (CustomResourceDefinition crd : load()) {
            client.apiextensions().v1().customResourceDefinitions().resource(crd).fieldManager(fieldManager)
                    .forceConflicts().serverSideApply();
        }
        Instant deadline = Instant.now().plus(timeout);
        for (String plural : PLURALS) {
            String name = plural + "." + Resources.GROUP;
            while (!established(client.apiextensions().v1().customResourceDefinitions().withName(name).get())) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("CRD " + name + " was not Established within " + timeout.toSeconds()
                            + "s; see 'kubectl describe crd " + name + "'");
                }
                sleep();
            }
        }
    }

    static boolean established(CustomResourceDefinition crd) {
        return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream()
                .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Arca's CRDs to be Established", e);
        }
    }
}
