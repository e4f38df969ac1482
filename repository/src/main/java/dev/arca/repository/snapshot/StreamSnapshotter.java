package dev.arca.repository.snapshot;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.ArcaException;
import dev.arca.repository.content.ContentStats;
import dev.arca.repository.content.ContentStore;
import dev.arca.repository.object.ObjectReader;
import dev.arca.repository.object.ObjectRef;
import dev.arca.repository.object.ObjectWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Backs a byte stream (a database dump read from a pod, say) up as a snapshot, and writes it back.
 *
 * <p>A stream snapshot is an ordinary snapshot whose root directory holds one file,
 * {@value #ENTRY}: chunked, deduplicated, compressed and encrypted as a volume's file is, so
 * verify, forget and maintenance treat it like any other. It is tagged {@value #KIND_TAG}={@value #KIND}.
 * The stream is read once, to its end, and never written to local disk; memory is the
 * {@link ObjectWriter}'s bound (a few chunk buffers) plus one chunk id per chunk.
 * Thread-safe; snapshots may run concurrently.
 */
public final class StreamSnapshotter {
    /** The name of the one file in a stream snapshot's root. */
    public static final String ENTRY = "stream";
    /** The tag that marks a stream snapshot, and its value. */
    public static final String KIND_TAG = "arca.dev/kind";
    public static final String KIND = "stream";

    private final ContentStore store;
    private final ObjectWriter writer;
    private final ObjectReader reader;
    private final Clock clock;
    private final ObjectMapper mapper = Json.mapper();
    private final SecureRandom random = new SecureRandom();

    public StreamSnapshotter(ContentStore store, ObjectWriter writer, ObjectReader reader, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.reader = Objects.requireNonNull(reader, "reader");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Stores {@code in}, read to its end (not closed), as a snapshot of {@code name} for
     * {@code backup}. The manifest is returned, not saved: see {@link SnapshotStore#save}.
     * @throws ArcaException when the stream fails; what was stored of it is unreferenced
     */
    public SnapshotManifest snapshot(InputStream in, String name, String backup, Map<String, String> tags) {
        Instant start = clock.instant();
        ContentStats before = store.stats();
        ObjectRef data;
        try {
            data = writer.write(in);
        } catch (IOException e) {
            throw new ArcaException("reading the stream " + name + " of backup " + backup + " failed after some of it was stored: "
                    + e.getMessage() + "; nothing of it is kept, run the backup again", e);
        }
        long nanos = start.getEpochSecond() * 1_000_000_000L + start.getNano();
        TreeEntry file = new TreeEntry(ENTRY, EntryType.FILE, 0600, 0, 0, nanos, data.length(), 0, 0, 1, data, null, null, nanos);
        ObjectRef listing = writer.write(DirectoryListing.of(List.of(file)).toJson(mapper));
        TreeEntry root = new TreeEntry("", EntryType.DIR, 0700, 0, 0, nanos, 0, 0, 0, 1, listing, null, null, nanos);
        store.flush();
        SnapshotStats stats = new SnapshotStats(1, 1, 0, 0, 0, 0, data.length(), 0, 0, 0, Snapshotter.minus(store.stats(), before));
        Map<String, String> allTags = new HashMap<>(tags == null ? Map.of() : tags);
        allTags.put(KIND_TAG, KIND);
        return new SnapshotManifest(Snapshotter.newId(random), name, backup, start, root, stats, null, allTags, System.getenv("HOSTNAME"), null);
    }

    /**
     * Writes the stream of a stream snapshot to {@code out} (not closed); returns its length.
     * @throws ArcaException.InvalidInput when the snapshot is a volume's, not a stream's
     * @throws IOException when {@code out} fails
     */
    public long restore(SnapshotManifest manifest, OutputStream out) throws IOException {
        String where = "snapshot " + manifest.id() + " (" + manifest.volume() + ")";
        List<TreeEntry> entries = DirectoryListing.parse(mapper, reader.readAll(manifest.rootObject()), where).entries();
        if (!KIND.equals(manifest.tags().get(KIND_TAG)) || entries.size() != 1 || !entries.get(0).name().equals(ENTRY)
                || entries.get(0).object() == null) {
            throw new ArcaException.InvalidInput(where + " is not a stream snapshot (it holds a directory tree);"
                    + " restore it into a directory instead");
        }
        ObjectRef data = entries.get(0).object();
        reader.copyTo(data, out);
        return data.length();
    }
}
