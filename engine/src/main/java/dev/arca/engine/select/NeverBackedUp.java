package dev.arca.engine.select;

import java.util.Set;

/**
 * The one list of types Arca never backs up because restoring them is wrong or meaningless:
 * ephemeral records (events, leases), node-bound state (nodes, volume attachments, CSI nodes),
 * request-only review types, and metrics. Non-listable types are skipped by discovery anyway.
 * Documented in docs/resources.md.
 */
public final class NeverBackedUp {
    public static final Set<String> RESOURCES = Set.of(
            "events",
            "events.events.k8s.io",
            "nodes",
            "leases.coordination.k8s.io",
            "componentstatuses",
            "bindings",
            "tokenreviews.authentication.k8s.io",
            "subjectaccessreviews.authorization.k8s.io",
            "selfsubjectaccessreviews.authorization.k8s.io",
            "selfsubjectrulesreviews.authorization.k8s.io",
            "localsubjectaccessreviews.authorization.k8s.io",
            "volumeattachments.storage.k8s.io",
            "csinodes.storage.k8s.io",
            "nodes.metrics.k8s.io",
            "pods.metrics.k8s.io");

    private NeverBackedUp() {
    }

    public static boolean contains(String resource) {
        return RESOURCES.contains(resource);
    }
}
