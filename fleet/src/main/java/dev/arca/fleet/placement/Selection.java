package dev.arca.fleet.placement;

import dev.arca.fleet.resources.PolicySpec;
import java.util.Map;

/** Whether a policy's resource selector selects one hub object. */
public final class Selection {
    private Selection() {
    }

    /**
     * True when apiVersion and kind are equal to the selector's, its namespace and name (when given)
     * are equal too, and its label selector (when given) matches {@code labels}. A null selector
     * selects nothing.
     */
    public static boolean matches(PolicySpec.ResourceSelector s, String apiVersion, String kind, String namespace,
            String name, Map<String, String> labels) {
        if (s == null || s.apiVersion == null || s.kind == null) {
            return false;
        }
        return s.apiVersion.equals(apiVersion) && s.kind.equals(kind)
                && givenMatches(s.namespace, namespace) && givenMatches(s.name, name)
                && LabelSelectors.matches(s.labelSelector, labels);
    }

    private static boolean givenMatches(String wanted, String actual) {
        return wanted == null || wanted.isEmpty() || wanted.equals(actual);
    }
}
