package dev.arca.engine.transform;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.api.Problem;
import dev.arca.api.RestoreTransforms;
import dev.arca.archive.ItemKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The transform pipeline of one restore, in order: storage-class mappers, image mappers, then the
 * resource-modifier rules. Built once (which validates everything before anything is applied) and
 * shared by the apply threads; counts, per transform, the items it matched and changed.
 */
public final class Transforms {
    private final List<Transform> steps;
    private final AtomicLongArray matched;
    private final AtomicLongArray changed;

    public Transforms(List<Transform> steps) {
        this.steps = List.copyOf(steps);
        this.matched = new AtomicLongArray(steps.size());
        this.changed = new AtomicLongArray(steps.size());
    }

    /** No transforms. */
    public static Transforms none() {
        return new Transforms(List.of());
    }

    /**
     * Parses and checks a restore's transforms.
     *
     * @throws dev.arca.api.ArcaException.InvalidInput naming the source, rule and line of the first problem
     */
    public static Transforms of(RestoreTransforms spec) {
        if (spec == null) {
            return none();
        }
        List<Transform> steps = new ArrayList<>();
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(spec.storageClassMap()).entrySet()) {
            steps.add(new StorageClassMapper(e.getKey(), e.getValue()));
        }
        spec.imageMap().forEach(rule -> steps.add(new ImageMapper(ImageRule.parse(rule))));
        if (spec.resourceModifiers() != null) {
            String source = spec.resourceModifiersSource() == null ? "(inline)" : spec.resourceModifiersSource();
            steps.addAll(ModifierFile.parse(spec.resourceModifiers(), source));
        }
        return new Transforms(steps);
    }

    public boolean isEmpty() {
        return steps.isEmpty();
    }

    /**
     * Transforms one item in place (already namespace-mapped).
     *
     * @param originalNamespace the item's namespace in the backup, before mapping (null: cluster-scoped)
     * @throws dev.arca.api.ArcaException when a rule cannot be applied to it: the item must not be restored
     */
    public void apply(ItemKey key, String originalNamespace, ObjectNode item) {
        for (int i = 0; i < steps.size(); i++) {
            Transform t = steps.get(i);
            if (!t.applies(key, originalNamespace, item)) {
                continue;
            }
            matched.incrementAndGet(i);
            ObjectNode before = item.deepCopy();
            t.apply(key, originalNamespace, item);
            if (!before.equals(item)) {
                changed.incrementAndGet(i);
            }
        }
    }

    /** Per transform, in order, what it matched and changed so far. */
    public List<TransformReport> report() {
        List<TransformReport> out = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            out.add(new TransformReport(steps.get(i).name(), matched.get(i), changed.get(i)));
        }
        return out;
    }

    /** A warning for each transform that matched no item (a typo in a rule would otherwise pass silently). */
    public List<Problem> unmatched() {
        List<Problem> out = new ArrayList<>();
        for (TransformReport r : report()) {
            if (r.matched() == 0) {
                out.add(new Problem(null, null, null, r.name() + " matched no item; check its conditions"));
            }
        }
        return out;
    }
}
