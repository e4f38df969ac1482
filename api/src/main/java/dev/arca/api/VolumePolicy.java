package dev.arca.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Which volumes' data a backup takes, beyond the pods' annotations: the first rule whose
 * conditions all hold decides. The shape follows Velero's resource policies
 * ({@code volumePolicies: [{conditions: {storageClass: [...], capacity: "min,max"}, action: {type: skip}}]}).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record VolumePolicy(List<Rule> rules) {
    public VolumePolicy {
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    /** What a matching rule does with the volume. */
    public enum Action {
        /** Leave the volume's data out (its PVC and PV are still backed up). */
        skip,
        /** Back up the volume's data even without an annotation asking for it. */
        fsBackup
    }

    /**
     * @param storageClasses the PVC's storage class is one of these (empty: any)
     * @param capacity       {@code "min,max"} quantities (either may be empty), compared to the
     *                       PVC's requested storage; null: any size
     * @param action         what to do with a matching volume
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Rule(List<String> storageClasses, String capacity, Action action) {
        public Rule {
            storageClasses = storageClasses == null ? List.of() : List.copyOf(storageClasses);
            if (action == null) {
                throw new ArcaException.InvalidInput("a volume policy rule needs an action: skip or fs-backup");
            }
            if (capacity != null && capacity.isBlank()) {
                capacity = null;
            }
            if (capacity != null && !capacity.contains(",")) {
                throw new ArcaException.InvalidInput("volume policy capacity \"" + capacity
                        + "\" is not \"min,max\" (e.g. \"0,100Gi\" or \"10Gi,\")");
            }
        }
    }
}
