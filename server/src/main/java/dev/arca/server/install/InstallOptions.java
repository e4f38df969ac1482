package dev.arca.server.install;

import dev.arca.api.ArcaException;
import dev.arca.server.resources.Resources;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an install varies: the namespace, the server's image and pull policy, how many replicas
 * (one acts, the others wait on the leader Lease), the metrics port, and an optional location.
 */
public record InstallOptions(String namespace, String image, String imagePullPolicy, int replicas, int metricsPort,
                             Optional<InstallLocation> location) {
    public static final String DEFAULT_IMAGE = "localhost/arca:dev";
    public static final String DEFAULT_PULL_POLICY = "IfNotPresent";
    public static final int DEFAULT_METRICS_PORT = 8085;
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    public InstallOptions {
        if (namespace == null || !DNS_LABEL.matcher(namespace).matches()) {
            throw new ArcaException.InvalidInput("namespace \"" + namespace + "\" is not a valid Kubernetes namespace name "
                    + "(lower-case letters, digits and '-', at most 63); pick another with --namespace");
        }
        if (image == null || image.isBlank() || image.chars().anyMatch(Character::isWhitespace)) {
            throw new ArcaException.InvalidInput("image \"" + image + "\" is not an image reference; give one with --image, "
                    + "e.g. " + DEFAULT_IMAGE);
        }
        if (!java.util.List.of("Always", "IfNotPresent", "Never").contains(imagePullPolicy)) {
            throw new ArcaException.InvalidInput("image pull policy \"" + imagePullPolicy
                    + "\" is not Always, IfNotPresent or Never");
        }
        if (replicas < 0) {
            throw new ArcaException.InvalidInput("replicas must be 0 or more, got " + replicas);
        }
        if (metricsPort < 1 || metricsPort > 65535) {
            throw new ArcaException.InvalidInput("metrics port must be 1-65535, got " + metricsPort);
        }
        location = location == null ? Optional.empty() : location;
    }

    /** The defaults: namespace {@code arca}, {@code localhost/arca:dev}, IfNotPresent, one replica, port 8085, no location. */
    public static InstallOptions defaults() {
        return new InstallOptions(Resources.DEFAULT_NAMESPACE, DEFAULT_IMAGE, DEFAULT_PULL_POLICY, 1, DEFAULT_METRICS_PORT,
                Optional.empty());
    }

    public InstallOptions withNamespace(String ns) {
        return new InstallOptions(ns, image, imagePullPolicy, replicas, metricsPort, location);
    }

    public InstallOptions withImage(String img, String pullPolicy) {
        return new InstallOptions(namespace, img, pullPolicy, replicas, metricsPort, location);
    }

    public InstallOptions withReplicas(int n) {
        return new InstallOptions(namespace, image, imagePullPolicy, n, metricsPort, location);
    }

    public InstallOptions withMetricsPort(int port) {
        return new InstallOptions(namespace, image, imagePullPolicy, replicas, port, location);
    }

    public InstallOptions withLocation(InstallLocation loc) {
        return new InstallOptions(namespace, image, imagePullPolicy, replicas, metricsPort, Optional.ofNullable(loc));
    }
}
