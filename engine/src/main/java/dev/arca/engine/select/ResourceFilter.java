package dev.arca.engine.select;

import java.util.List;
import java.util.Locale;

/**
 * Include/exclude resource types. An entry names a type by plural ({@code configmaps}),
 * {@code plural.group} ({@code deployments.apps}), Kind ({@code Deployment}, any case) or
 * {@code *}. Exclusions win; no includes means all.
 */
public final class ResourceFilter {
    private final List<String> includes;
    private final List<String> excludes;

    public ResourceFilter(List<String> includes, List<String> excludes) {
        this.includes = includes.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
        this.excludes = excludes.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    }

    /**
     * @param resource {@code plural} or {@code plural.group}
     * @param kind     the type's Kind, or null when unknown
     */
    public boolean matches(String resource, String kind) {
        if (excludes.stream().anyMatch(e -> names(e, resource, kind))) {
            return false;
        }
        return includes.isEmpty() || includes.stream().anyMatch(i -> names(i, resource, kind));
    }

    /** True when some include names this type explicitly (not through {@code *} or an empty list). */
    public boolean explicitlyIncludes(String resource, String kind) {
        return includes.stream().anyMatch(i -> !i.equals("*") && names(i, resource, kind));
    }

    private static boolean names(String entry, String resource, String kind) {
        if (entry.equals("*") || entry.equals(resource)) {
            return true;
        }
        int dot = resource.indexOf('.');
        String plural = dot < 0 ? resource : resource.substring(0, dot);
        if (dot < 0 || !entry.contains(".")) {
            if (entry.equals(plural)) {
                return true;
            }
        }
        return kind != null && entry.equals(kind.toLowerCase(Locale.ROOT));
    }
}
