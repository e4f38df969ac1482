package dev.arca.repository.snapshot;

import dev.arca.repository.object.ObjectRef;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Whether a directory comes out of an incremental snapshot entry for entry as its parent snapshot
 * had it, so the parent's directory object can be referenced again instead of written: the same
 * JSON would be chunked, hashed and found already stored, which on a tree of 200,000 unchanged
 * files was work for nothing. Each child is compared with the parent's entry of its name as soon
 * as it is known; only the children still being read keep their parent entry until the directory
 * is complete. Not thread-safe: the walk of one directory feeds it, and its completion asks it.
 */
final class SameListing {
    private final ObjectRef previous;
    private final int previousCount;
    private boolean differs;
    private List<CompletableFuture<TreeEntry>> pending = new ArrayList<>();
    private List<TreeEntry> pendingWas = new ArrayList<>();

    /** @param previous the parent's directory object, which held {@code previousCount} entries */
    SameListing(ObjectRef previous, int previousCount) {
        this.previous = previous;
        this.previousCount = previousCount;
    }

    /** A child of the directory, and the parent's entry of the same name (null when it had none). */
    void child(CompletableFuture<TreeEntry> child, TreeEntry was) {
        if (differs) {
            return;
        }
        if (was == null) {
            differ();
        } else if (!child.isDone()) {
            pending.add(child);
            pendingWas.add(was);
        } else if (child.isCompletedExceptionally() || !was.equals(child.join())) {
            differ();
        }
    }

    private void differ() {
        differs = true;
        pending = null;
        pendingWas = null;
    }

    /**
     * The parent's directory object when {@code entries}, every child's entry once all are done,
     * are the parent's: as many, and each equal to the parent's entry of its name (names are unique
     * in both). Null when the directory object is to be written.
     */
    ObjectRef reusable(List<TreeEntry> entries) {
        if (differs || entries.size() != previousCount) {
            return null;
        }
        for (int i = 0; i < pending.size(); i++) {
            if (!pendingWas.get(i).equals(pending.get(i).join())) {
                return null;
            }
        }
        return previous;
    }
}
