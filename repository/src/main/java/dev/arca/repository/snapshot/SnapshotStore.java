package dev.arca.repository.snapshot;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.ArcaException;
import dev.arca.repository.content.ChunkId;
import dev.arca.repository.content.DaemonThreads;
import dev.arca.repository.object.ObjectReader;
import dev.arca.repository.object.ObjectRef;
import dev.arca.storage.ObjectStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Snapshot manifests in the object store: one small sealed JSON object per snapshot under
 * {@value #PREFIX}{@code <id>}, the key being the associated data of the seal (so a manifest
 * cannot be moved to another id). This class owns that layout.
 *
 * <p>{@link #list()} and {@link #forEachReferencedChunk} fail as a whole when any manifest is
 * unreadable: maintenance must never take a damaged snapshot's chunks for garbage.
 * Thread-safe when the object store is.
 */
public final class SnapshotStore {
    /** Where manifests live in the object store. */
    public static final String PREFIX = "repository/snapshots/";

    /** Manifests {@link #list()} reads at once. */
    static final int PARALLEL_LOADS = 8;
    private final ObjectStore objects;
    private final Sealer sealer;
    private final ObjectReader reader;
    private final ObjectMapper mapper = Json.mapper();

    /**
     * @param objects where manifests are kept
     * @param sealer  encrypts manifests (the content layer's keys)
     * @param reader  reads directory objects, for {@link #forEachReferencedChunk}; null for a store
     *                that only lists, loads, saves and deletes manifests
     */
    public SnapshotStore(ObjectStore objects, Sealer sealer, ObjectReader reader) {
        this.objects = Objects.requireNonNull(objects, "objects");
        this.sealer = Objects.requireNonNull(sealer, "sealer");
        this.reader = reader;
    }

    /** Stores the manifest (replacing one with the same id). Save only after the content is flushed. */
    public void save(SnapshotManifest manifest) {
        String key = key(manifest.id());
        byte[] json;
        try {
            json = mapper.writeValueAsBytes(manifest);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise snapshot " + manifest.id(), e);
        }
        objects.put(key, sealer.seal(json, ad(key)));
    }

    /**
     * The manifest with this id.
     * @throws ArcaException.InvalidInput if the id is malformed
     * @throws ArcaException.NotFound if there is no such snapshot
     * @throws ArcaException.Corrupt if it fails authentication or does not parse
     */
    public SnapshotManifest load(String id) {
        String key = key(id);
        byte[] sealed;
        try {
            sealed = objects.getBytes(key);
        } catch (ArcaException.NotFound e) {
            throw new ArcaException.NotFound("snapshot " + id + " not found in " + objects.describe()
                    + "; list the snapshots of the repository to see which exist");
        }
        byte[] json;
        try {
            json = sealer.open(sealed, ad(key));
        } catch (RuntimeException e) {
            throw new ArcaException.Corrupt("snapshot " + id + " in " + objects.describe()
                    + " fails authentication (" + e.getMessage() + "); it was altered or sealed with another key", e);
        }
        SnapshotManifest manifest;
        try {
            manifest = mapper.readValue(json, SnapshotManifest.class);
        } catch (IOException | RuntimeException e) {
            throw new ArcaException.Corrupt("snapshot " + id + " in " + objects.describe() + " does not parse ("
                    + Json.rootMessage(e) + "); it was written by an incompatible version or is damaged", e);
        }
        if (manifest == null || !manifest.id().equals(id)) {
            throw new ArcaException.Corrupt("object " + key + " in " + objects.describe()
                    + " holds another snapshot's manifest; the repository is damaged");
        }
        return manifest;
    }

    /**
     * Every snapshot, oldest first (ties by id). The manifests are read {@value #PARALLEL_LOADS} at
     * a time: a backup lists them all to find its parent, and one after the other a repository of
     * a thousand snapshots on an object store was a thousand round trips. Fails as a whole, with the
     * first failing manifest's exception (in key order), when any cannot be read.
     */
    public List<SnapshotManifest> list() {
        List<String> ids = new ArrayList<>();
        for (ObjectStore.ObjectInfo info : objects.list(PREFIX)) {
            String id = info.key().substring(PREFIX.length());
            if (!id.contains("/")) {
                ids.add(id);
            }
        }
        List<SnapshotManifest> all = ids.size() < 2 ? new ArrayList<>(ids.stream().map(this::load).toList()) : loadAll(ids);
        all.sort(Comparator.comparing(SnapshotManifest::time).thenComparing(SnapshotManifest::id));
        return all;
    }

    private List<SnapshotManifest> loadAll(List<String> ids) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL_LOADS, ids.size()),
                DaemonThreads.named("arca-snapshot-list"));
        try {
            List<Future<SnapshotManifest>> loads = new ArrayList<>(ids.size());
            for (String id : ids) {
                loads.add(pool.submit(() -> load(id)));
            }
            List<SnapshotManifest> all = new ArrayList<>(ids.size());
            for (Future<SnapshotManifest> load : loads) {
                all.add(load.get());
            }
            return all;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new ArcaException("cannot read the snapshot list of " + objects.describe() + " ("
                    + e.getCause().getClass().getSimpleName() + " while reading a manifest)", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ArcaException("interrupted while reading the snapshot list of " + objects.describe(), e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The newest snapshot of the volume, the natural parent of its next one. */
    public Optional<SnapshotManifest> latest(String volume) {
        return list().stream().filter(m -> m.volume().equals(volume))
                .max(Comparator.comparing(SnapshotManifest::time).thenComparing(SnapshotManifest::id));
    }

    /** Forgets the snapshot; its chunks stay until maintenance finds them unreferenced. Absent is fine. */
    public void delete(String id) {
        objects.delete(key(id));
    }

    /**
     * Hands every chunk referenced by any snapshot to {@code sink}: the chunks of every directory
     * object and of every file. A directory object shared by several snapshots is walked once; a
     * file chunk may be handed over more than once. Memory grows with the number of distinct
     * directory objects and the largest directory.
     */
    public void forEachReferencedChunk(Consumer<ChunkId> sink) {
        if (reader == null) {
            throw new IllegalStateException("this snapshot store was opened without a reader and cannot walk trees");
        }
        Set<ObjectRef> visited = new HashSet<>();
        for (SnapshotManifest manifest : list()) {
            walk(manifest, visited, sink);
        }
    }

    /**
     * Hands every chunk of snapshot {@code id} to {@code sink}: of its directory objects and its files.
     *
     * @throws ArcaException.NotFound when there is no such snapshot
     * @throws ArcaException.Corrupt  when its manifest or a directory of it cannot be read
     */
    public void forEachChunkOf(String id, Consumer<ChunkId> sink) {
        if (reader == null) {
            throw new IllegalStateException("this snapshot store was opened without a reader and cannot walk trees");
        }
        walk(load(id), new HashSet<>(), sink);
    }

    private void walk(SnapshotManifest manifest, Set<ObjectRef> visited, Consumer<ChunkId> sink) {
        Deque<Pending> todo = new ArrayDeque<>();
        todo.push(new Pending(manifest.rootObject(), ""));
        while (!todo.isEmpty()) {
            Pending dir = todo.pop();
            if (!visited.add(dir.ref())) {
                continue;
            }
            dir.ref().chunks().forEach(sink);
            String where = "directory \"/" + dir.path() + "\" of snapshot " + manifest.id();
            for (TreeEntry e : DirectoryListing.parse(mapper, readDirectory(dir.ref(), where), where).entries()) {
                if (e.type() == EntryType.DIR) {
                    todo.push(new Pending(e.object(), dir.path().isEmpty() ? e.name() : dir.path() + "/" + e.name()));
                } else if (e.object() != null) {
                    e.object().chunks().forEach(sink);
                }
            }
        }
    }

    private record Pending(ObjectRef ref, String path) {
    }

    private byte[] readDirectory(ObjectRef ref, String where) {
        try {
            return reader.readAll(ref);
        } catch (ArcaException e) {
            throw new ArcaException.Corrupt("the " + where + " cannot be read (" + e.getMessage()
                    + "); run a verify of the repository", e);
        }
    }

    private static String key(String id) {
        try {
            return PREFIX + SnapshotManifest.checkId(id);
        } catch (IllegalArgumentException e) {
            throw new ArcaException.InvalidInput(e.getMessage());
        }
    }

    private static byte[] ad(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }
}
