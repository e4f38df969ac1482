package dev.arca.fleet.placement;

import dev.arca.api.ArcaException;
import dev.arca.fleet.resources.Placement;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;

/** Kubernetes label selectors, evaluated as the API server does; an absent selector matches everything. */
public final class LabelSelectors {
    private LabelSelectors() {
    }

    /**
     * @throws ArcaException.InvalidInput for an operator other than In, NotIn, Exists, DoesNotExist
     */
    public static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        Map<String, String> have = labels == null ? Map.of() : labels;
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
                if (!e.getValue().equals(have.get(e.getKey()))) {
                    return false;
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                if (!matches(r, have)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean matches(LabelSelectorRequirement r, Map<String, String> labels) {
        String value = labels.get(r.getKey());
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        return switch (String.valueOf(r.getOperator())) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> labels.containsKey(r.getKey());
            case "DoesNotExist" -> !labels.containsKey(r.getKey());
            default -> throw new ArcaException.InvalidInput("label selector operator '" + r.getOperator()
                    + "' on key '" + r.getKey() + "' is not one of In, NotIn, Exists, DoesNotExist");
        };
    }

    /**
     * A member matches a cluster affinity when its labels match the selector, its name is among
     * {@code clusterNames} (when any are given) and not among {@code exclude}. An absent affinity
     * matches every member.
     */
    public static boolean matches(Placement.ClusterAffinity affinity, String memberName, Map<String, String> labels) {
        if (affinity == null) {
            return true;
        }
        if (affinity.exclude != null && affinity.exclude.contains(memberName)) {
            return false;
        }
        if (affinity.clusterNames != null && !affinity.clusterNames.isEmpty() && !affinity.clusterNames.contains(memberName)) {
            return false;
        }
        return matches(affinity.labelSelector, labels);
    }
}
