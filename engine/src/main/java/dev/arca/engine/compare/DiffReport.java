package dev.arca.engine.compare;

import dev.arca.api.Problem;
import java.util.List;

/**
 * The result of a comparison: what differs, and what could not be compared.
 *
 * @param before   what the before side is, e.g. {@code backup "nightly"}
 * @param after    what the after side is, e.g. {@code backup "hourly"} or {@code the cluster at https://...}
 * @param compared objects looked at on either side
 * @param changes  the objects that differ, sorted by resource, namespace and name
 * @param problems objects that could not be compared, and why
 */
public record DiffReport(String before, String after, long compared, List<ObjectChange> changes, List<Problem> problems) {
    public DiffReport {
        changes = List.copyOf(changes);
        problems = List.copyOf(problems);
    }

    /** True when nothing differs and everything could be compared. */
    public boolean equal() {
        return changes.isEmpty() && problems.isEmpty();
    }

    public long count(ObjectChange.Kind kind) {
        return changes.stream().filter(c -> c.kind() == kind).count();
    }
}
