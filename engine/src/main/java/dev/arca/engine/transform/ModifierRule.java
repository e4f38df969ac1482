package dev.arca.engine.transform;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.api.ArcaException;
import dev.arca.archive.ItemKey;
import java.util.List;

/**
 * One entry of {@code resourceModifierRules}: conditions, then JSON patches, merge patches and
 * strategic patches in that order. A failed {@code test} skips the rest of the rule for that item.
 *
 * @param name a name for reports: {@code rule N (groupResource)}
 */
public record ModifierRule(String name, Conditions conditions, List<PatchOp> patches, List<ObjectNode> mergePatches,
                           List<ObjectNode> strategicPatches) implements Transform {
    public ModifierRule {
        patches = List.copyOf(patches);
        mergePatches = List.copyOf(mergePatches);
        strategicPatches = List.copyOf(strategicPatches);
    }

    @Override
    public boolean applies(ItemKey key, String originalNamespace, ObjectNode item) {
        return conditions.test(key, originalNamespace, item);
    }

    @Override
    public void apply(ItemKey key, String originalNamespace, ObjectNode item) {
        for (PatchOp op : patches) {
            boolean passed;
            try {
                passed = op.apply(item);
            } catch (ArcaException e) {
                throw new ArcaException(name + ", " + op + ": " + e.getMessage()
                        + "; fix the rule or narrow its conditions", e);
            }
            if (!passed) {
                return;
            }
        }
        mergePatches.forEach(p -> MergePatch.apply(item, p));
        strategicPatches.forEach(p -> StrategicMerge.apply(item, p));
    }
}
