package dev.arca.engine.discovery;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Objects;

/**
 * One served resource type at one version.
 *
 * @param group      API group, "" for the core group
 * @param version    the version items are read and written at
 * @param kind       e.g. {@code Deployment}
 * @param plural     e.g. {@code deployments}
 * @param namespaced whether items live in namespaces
 * @param verbs      the verbs the server allows
 */
public record ResourceType(String group, String version, String kind, String plural, boolean namespaced, List<String> verbs) {
    public ResourceType {
        group = group == null ? "" : group;
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(plural, "plural");
        verbs = verbs == null ? List.of() : List.copyOf(verbs);
    }

    /** The archive's name for the type: {@code plural} for the core group, else {@code plural.group}. */
    public String resource() {
        return group.isEmpty() ? plural : plural + "." + group;
    }

    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    public boolean listable() {
        return verbs.contains("list");
    }

    public ResourceDefinitionContext context() {
        return new ResourceDefinitionContext.Builder()
                .withGroup(group).withVersion(version).withKind(kind).withPlural(plural).withNamespaced(namespaced)
                .build();
    }

    /** The group of a resource string {@code plural.group} ("" for the core group). */
    public static String groupOf(String resource) {
        int dot = resource.indexOf('.');
        return dot < 0 ? "" : resource.substring(dot + 1);
    }

    /** The plural of a resource string {@code plural.group}. */
    public static String pluralOf(String resource) {
        int dot = resource.indexOf('.');
        return dot < 0 ? resource : resource.substring(0, dot);
    }
}
