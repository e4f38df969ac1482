package dev.arca.repository.snapshot;

import dev.arca.repository.content.ContentStore;
import dev.arca.repository.object.ObjectReader;
import dev.arca.repository.object.ObjectRef;
import java.util.List;

/** Reads stored trees back in tests. */
final class Trees {
    private Trees() {
    }

    static List<TreeEntry> listing(ContentStore store, ObjectRef dir) {
        return DirectoryListing.parse(Json.mapper(), new ObjectReader(store).readAll(dir), "test").entries();
    }

    /** The entry at a '/'-separated path below the snapshot's root. */
    static TreeEntry entry(ContentStore store, SnapshotManifest snapshot, String path) {
        TreeEntry current = snapshot.root();
        for (String name : path.split("/")) {
            current = listing(store, current.object()).stream().filter(e -> e.name().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError(path + " not in snapshot"));
        }
        return current;
    }
}
