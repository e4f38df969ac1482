package dev.arca.engine.mobility;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * What a migration's target holds of what was backed up.
 *
 * @param types       per resource type, in the archive's names
 * @param differences one line per difference: an item the target lacks, items that failed or differ
 */
public record Verification(Map<String, TypeCount> types, List<String> differences) {
    public Verification {
        types = Map.copyOf(new java.util.TreeMap<>(types));
        differences = List.copyOf(differences);
    }

    /**
     * @param backedUp the items of this type the backup holds, within the restore's filters
     * @param skipped  those the restore leaves out on purpose (made by a controller, issued by the cluster)
     * @param present  those (of {@code backedUp - skipped}) the target holds after the restore, under their mapped names
     */
    public record TypeCount(long backedUp, long skipped, long present) {
        /** Every item the restore writes is in the target. */
        @JsonProperty("matches")
        public boolean matches() {
            return present == backedUp - skipped;
        }
    }

    /** Nothing differs. */
    @JsonProperty("passed")
    public boolean passed() {
        return differences.isEmpty();
    }
}
