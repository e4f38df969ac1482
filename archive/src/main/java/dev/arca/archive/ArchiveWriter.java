package dev.arca.archive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import dev.arca.api.ArcaException;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.ObjectWriter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one backup into a location, streaming: items go through tar and zstd straight into the
 * store as they are added, so memory stays flat however large the backup grows.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #create} refuses a name that already has a manifest, and claims the name for this
 *       run with a create-if-absent ({@link BackupLease#claimWriter}), renewed while it writes: a
 *       second run of the same name is refused before it writes anything, so a run only ever
 *       deletes what it wrote itself;</li>
 *   <li>{@link #add} and {@link #log} are thread-safe;</li>
 *   <li>{@link #finish} commits {@code resources.tar.zst}, {@code resource-list.json} and
 *       {@code log.jsonl.zst}, then writes {@code backup.json} last, with counts and digests: the
 *       backup becomes visible only then, complete;</li>
 *   <li>{@link #close()} without a successful finish aborts: uncommitted objects are discarded
 *       and committed ones deleted, so no half backup is ever visible; once the manifest write was
 *       attempted nothing is deleted any more (a write that failed may still have landed);</li>
 *   <li>a failed write poisons the writer: {@code finish} then refuses and aborts.</li>
 * </ul>
 * The caller adds each key once: the writer cannot check without holding every key (the
 * resource list names a repeated key once, the tar holds it twice).
 */
public final class ArchiveWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveWriter.class);
    private static final int BUFFER = 64 * 1024;
    private static final int SORT_BATCH = 50_000;
    private static final int SORT_RUNS = 64;
    /** The tar entry naming the archive format, written first. */
    static final String VERSION_ENTRY = "metadata/version";

    private enum State { OPEN, FINISHED, ABORTED }

    private final ObjectStore store;
    private final String name;
    private final ArchiveOptions options;
    private final FileTime entryTime;
    private final Object lock = new Object();
    private final ObjectWriter resourcesObject;
    private final DigestStreams.Out resourcesDigest;
    private final ZstdOutputStreamNoFinalizer zstd;
    private final TarArchiveOutputStream tar;
    private final ZstdJsonLines.Writer log;
    private final ResourceList resourceList;
    private final Map<String, Long> counts = new TreeMap<>();
    private final List<String> committed = new ArrayList<>();
    private final Map<String, FileDigest> extraFiles = new TreeMap<>();
    private final BackupLease claim;
    private long itemCount;
    private State state = State.OPEN;
    private Exception failure;

    /** Starts backup {@code backupName} with default options. */
    public static ArchiveWriter create(ObjectStore store, String backupName) {
        return create(store, backupName, ArchiveOptions.defaults());
    }

    /**
     * Starts backup {@code backupName}.
     *
     * @throws ArcaException.InvalidInput when the name is invalid or a backup of that name exists
     */
    public static ArchiveWriter create(ObjectStore store, String backupName, ArchiveOptions options) {
        return create(store, backupName, options, SORT_BATCH);
    }

    /**
     * Starts backup {@code backupName} as run {@code run}, taking over the writer claim of run
     * {@code takeOverFrom} if that one left it (see {@link BackupLease#claimWriter(ObjectStore,
     * String, String, java.time.Clock, String)}); this is how the server resumes a backup whose
     * run died with the process. What the dead run wrote is overwritten.
     */
    public static ArchiveWriter resume(ObjectStore store, String backupName, ArchiveOptions options, String run,
                                       String takeOverFrom) {
        return create(store, backupName, options, SORT_BATCH, run, takeOverFrom);
    }

    static ArchiveWriter create(ObjectStore store, String backupName, ArchiveOptions options, int sortBatch) {
        return create(store, backupName, options, sortBatch,
                "run-" + java.util.UUID.randomUUID().toString().substring(0, 8), null);
    }

    private static ArchiveWriter create(ObjectStore store, String backupName, ArchiveOptions options, int sortBatch,
                                        String run, String takeOverFrom) {
        refuseIfExists(store, backupName);
        BackupLease claim = BackupLease.claimWriter(store, backupName, run, options.clock(), takeOverFrom);
        if (claim == null) {
            Lease other = BackupLease.writer(store, backupName);
            throw new ArcaException.InvalidInput("backup \"" + backupName + "\" is being written by another run"
                    + (other == null ? "" : " (" + other.holder() + ", started " + other.acquired() + ", claim "
                    + (other.holdsAt(options.clock().instant()) ? "held until " : "lapsed at ") + other.expires() + ")")
                    + " in " + store.describe() + ", or by one that died; choose another name, or once no run writes it,"
                    + " remove what is there with 'arca backup delete " + backupName + "'");
        }
        ObjectWriter resources = null;
        ZstdJsonLines.Writer log = null;
        ResourceList list = null;
        try {
            refuseIfExists(store, backupName); // a run that finished between the first check and the claim
            resources = store.writer(LocationLayout.resourcesKey(backupName));
            log = ZstdJsonLines.create(store, LocationLayout.backupLogKey(backupName), options.compressionLevel());
            list = new ResourceList(options.tempDir(), sortBatch, SORT_RUNS);
            return new ArchiveWriter(store, backupName, options, resources, log, list, claim);
        } catch (IOException | RuntimeException e) {
            claim.close();
            if (resources != null) {
                resources.close();
            }
            if (log != null) {
                log.close();
            }
            if (list != null) {
                list.close();
            }
            throw e instanceof ArcaException a ? a : new ArcaException("cannot start backup \"" + backupName
                    + "\" in " + store.describe() + ": " + e.getMessage(), e);
        }
    }

    private static void refuseIfExists(ObjectStore store, String backupName) {
        if (store.exists(LocationLayout.manifestKey(backupName))) {
            throw new ArcaException.InvalidInput("backup \"" + backupName + "\" already exists in " + store.describe()
                    + "; choose another name or delete it with 'arca backup delete " + backupName + "'");
        }
    }

    private ArchiveWriter(ObjectStore store, String name, ArchiveOptions options, ObjectWriter resources,
                          ZstdJsonLines.Writer log, ResourceList resourceList, BackupLease claim) throws IOException {
        this.store = store;
        this.claim = claim;
        this.name = name;
        this.options = options;
        // whole seconds: a sub-second time would cost every entry a PAX header (3 KiB per 1 KiB item)
        this.entryTime = FileTime.from(options.clock().instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        this.resourcesObject = resources;
        this.log = log;
        this.resourceList = resourceList;
        this.resourcesDigest = new DigestStreams.Out(resources);
        this.zstd = new ZstdOutputStreamNoFinalizer(resourcesDigest, options.compressionLevel());
        zstd.setChecksum(true);
        this.tar = new TarArchiveOutputStream(new BufferedOutputStream(zstd, BUFFER), StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
        try {
            putEntry(VERSION_ENTRY, Integer.toString(BackupManifest.FORMAT_VERSION).getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            zstd.close(); // frees the native context; the caller aborts the objects
            throw e;
        }
    }

    public String backupName() {
        return name;
    }

    /** Items added so far. */
    public long itemCount() {
        synchronized (lock) {
            return itemCount;
        }
    }

    /**
     * Appends one item. Thread-safe.
     *
     * @param json the item's JSON document
     * @throws IllegalStateException after finish or close, or after an earlier write failed
     */
    public void add(ItemKey key, byte[] json) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(json, "json");
        synchronized (lock) {
            ensureWritable();
            try {
                putEntry(key.path(), json);
                resourceList.add(key);
            } catch (IOException | RuntimeException e) {
                failure = e;
                throw failed("write " + key.path() + " into", e);
            }
            counts.merge(key.resource(), 1L, Long::sum);
            itemCount++;
        }
    }

    /**
     * Appends one line to the backup's log. Thread-safe.
     *
     * @param jsonLine one JSON document without line breaks
     */
    public void log(String jsonLine) {
        log.write(jsonLine);
    }

    /**
     * Adds a small file beside the resources (e.g. {@link LocationLayout#VOLUMES}); its digest goes
     * into the manifest like the others, and an aborted backup deletes it.
     */
    public void addFile(String fileName, byte[] content) {
        if (List.of(LocationLayout.MANIFEST, LocationLayout.RESOURCES, LocationLayout.RESOURCE_LIST, LocationLayout.LOG)
                .contains(fileName) || fileName.contains("/")) {
            throw new IllegalArgumentException("\"" + fileName + "\" is not a name for an extra backup file");
        }
        synchronized (lock) {
            ensureWritable();
            String key = LocationLayout.backupFile(name, fileName);
            try {
                requireClaim();
                store.put(key, content);
            } catch (RuntimeException e) {
                failure = e;
                throw failed("write " + fileName, e);
            }
            committed.add(key);
            extraFiles.put(fileName, FileDigest.of(content));
        }
    }

    /**
     * Completes the backup and makes it visible. The data files are committed first, then
     * {@code backup.json}, built from {@code draft} with the format version, counts, item count
     * and file digests filled in (and {@code completed} set from the clock when null).
     *
     * @param draft the manifest so far; its name must be this backup's and its phase final
     * @return the manifest as written
     * @throws ArcaException.InvalidInput for a wrong draft (the writer stays open)
     * @throws ArcaException              when a write fails; the backup is then aborted
     */
    public BackupManifest finish(BackupManifest draft) {
        Objects.requireNonNull(draft, "draft");
        if (!draft.name().equals(name)) {
            throw new ArcaException.InvalidInput("manifest names backup \"" + draft.name()
                    + "\" but this writer writes \"" + name + "\"");
        }
        if (!draft.phase().isFinal()) {
            throw new ArcaException.InvalidInput("backup \"" + name + "\" cannot be finished in phase "
                    + draft.phase() + ": use Completed, PartiallyFailed or Failed");
        }
        synchronized (lock) {
            if (state == State.OPEN && failure != null) {
                abort();
                throw new ArcaException("cannot finish backup \"" + name + "\": an earlier write failed ("
                        + failure.getMessage() + "); the backup was discarded", failure);
            }
            ensureWritable();
            BackupManifest manifest;
            byte[] bytes;
            try {
                requireClaim(); // the data files' keys are the name's: a run that lost it must not replace another's
                Map<String, FileDigest> files = new TreeMap<>();
                files.put(LocationLayout.RESOURCES, commitResources());
                files.put(LocationLayout.RESOURCE_LIST, writeResourceList());
                files.put(LocationLayout.LOG, commitLog());
                files.putAll(extraFiles);
                manifest = draft.withFormatVersion(BackupManifest.FORMAT_VERSION)
                        .withCompleted(draft.completed() != null ? draft.completed() : options.clock().instant())
                        .withCounts(counts, itemCount)
                        .withFiles(files);
                bytes = manifestBytes(manifest);
            } catch (IOException | RuntimeException e) {
                abort();
                throw failed("finish", e);
            }
            state = State.FINISHED; // from here on nothing is deleted: a failed write may have landed
            resourceList.close();
            putManifest(bytes);
            LOG.info("backup {} written to {}: {} items, {} bytes", name, store.describe(), itemCount,
                    manifest.files().get(LocationLayout.RESOURCES).size());
            return manifest;
        }
    }

    /** Writes the manifest; when that fails, the data stays and the error says how to find out whether it landed. */
    private void putManifest(byte[] bytes) {
        String lostWhy = "its claim on the name lapsed and was taken over (the run stalled for longer than "
                + BackupLease.DURATION.toMinutes() + " minutes)";
        try {
            if (!claim.held()) {
                throw new ArcaException("backup \"" + name + "\" was not finished: " + lostWhy
                        + "; nothing was deleted, run the backup again under a new name");
            }
            if (!store.createIfAbsent(LocationLayout.manifestKey(name), bytes)) {
                throw new ArcaException("backup \"" + name + "\" was not finished: another run wrote its manifest meanwhile ("
                        + lostWhy + "); nothing was deleted, check it with 'arca backup describe " + name + "'");
            }
        } catch (ArcaException.Transient e) {
            claim.close();
            throw new ArcaException("cannot write the manifest of backup \"" + name + "\" to " + store.describe() + " ("
                    + e.getMessage() + "); the write may still have landed, so its data is kept: 'arca backup get " + name
                    + "' shows whether it did, and 'arca backup delete " + name + "' removes it if it did not", e);
        } catch (RuntimeException e) {
            claim.close();
            throw e;
        }
        claim.close();
    }

    /** Aborts unless finished: nothing of this backup remains in the store, nor its claim. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            if (state == State.OPEN) {
                abort();
            }
            claim.close();
        }
    }

    /**
     * Records a backup that failed as a whole: aborts whatever this writer wrote, then writes a
     * manifest of phase Failed with no data files, so {@code arca backup get} shows the failure and
     * its cause. Best effort: when the store cannot be written either (the network is gone),
     * nothing of the backup remains and the caller's error is what the user sees.
     *
     * @return true when the Failed manifest was written
     */
    public boolean recordFailure(BackupManifest failed) {
        synchronized (lock) {
            if (state == State.FINISHED) {
                claim.close();
                return false; // the manifest write was attempted: it may have landed, and must not be overwritten
            }
            if (state == State.OPEN) {
                abort();
            }
            state = State.FINISHED;
        }
        try {
            BackupManifest manifest = failed.withPhase(dev.arca.api.Phase.Failed)
                    .withCompleted(failed.completed() != null ? failed.completed() : options.clock().instant());
            // never over another run's manifest: only the run that still holds the name records its failure
            return claim.held() && store.createIfAbsent(LocationLayout.manifestKey(name), manifestBytes(manifest));
        } catch (RuntimeException e) {
            LOG.warn("backup {} failed and could not be recorded as Failed in {}: {}", name, store.describe(), e.getMessage());
            return false;
        } finally {
            claim.close();
        }
    }

    /** Serialises a manifest as {@code backup.json} holds it. */
    static byte[] manifestBytes(BackupManifest manifest) {
        try {
            return ArchiveJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
        } catch (JsonProcessingException e) {
            throw new ArcaException.InvalidInput("cannot serialise the manifest of backup \"" + manifest.name()
                    + "\": " + e.getOriginalMessage(), e);
        }
    }

    private void putEntry(String path, byte[] data) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(path);
        entry.setSize(data.length);
        entry.setLastModifiedTime(entryTime);
        tar.putArchiveEntry(entry);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    private FileDigest commitResources() throws IOException {
        tar.close(); // finishes tar and zstd; the digest stream keeps the object open
        resourcesObject.commit();
        committed.add(LocationLayout.resourcesKey(name));
        resourcesObject.close();
        return resourcesDigest.digest();
    }

    private FileDigest writeResourceList() throws IOException {
        String key = LocationLayout.resourceListKey(name);
        try (ObjectWriter object = store.writer(key)) {
            DigestStreams.Out out = new DigestStreams.Out(object);
            resourceList.writeJson(out);
            object.commit();
            committed.add(key);
            return out.digest();
        }
    }

    private FileDigest commitLog() {
        FileDigest digest = log.commit();
        committed.add(LocationLayout.backupLogKey(name));
        return digest;
    }

    /** Discards everything; called with the lock held. */
    private void abort() {
        state = State.ABORTED;
        try {
            tar.close();
        } catch (IOException | RuntimeException e) {
            // discarded below
        }
        try {
            zstd.close(); // frees zstd's native buffers even when tar could not close cleanly
        } catch (IOException | RuntimeException e) {
            // discarded below
        }
        resourcesObject.close();
        log.close();
        resourceList.close();
        if (!claimStillHeld()) {
            LOG.warn("backup {} aborted after its claim on the name was taken over; what it committed ({}) is left for"
                    + " 'arca backup delete {}' rather than risk deleting another run's files", name, committed, name);
            committed.clear();
            return;
        }
        for (String key : committed) {
            try {
                store.delete(key);
            } catch (RuntimeException e) {
                LOG.warn("could not remove {} of aborted backup {} from {} ({}); it is invisible without a manifest,"
                        + " remove it with 'arca backup delete {}'", key, name, store.describe(), e.getMessage(), name);
            }
        }
        committed.clear();
    }

    private void requireClaim() {
        if (!claimStillHeld()) {
            throw new ArcaException("backup \"" + name + "\" was not finished: its claim on the name lapsed and was taken over (the"
                    + " run stalled for longer than " + BackupLease.DURATION.toMinutes() + " minutes); nothing was deleted, run"
                    + " the backup again under a new name");
        }
    }

    private boolean claimStillHeld() {
        try {
            return claim.held();
        } catch (RuntimeException e) {
            return false; // unknown: deleting could hit another run's files
        }
    }

    private void ensureWritable() {
        if (state != State.OPEN) {
            throw new IllegalStateException("backup \"" + name + "\" is " + state.name().toLowerCase()
                    + "; its archive takes no more writes");
        }
        if (failure != null) { // the cause itself, so that every thread reports what went wrong, as it happened
            throw failure instanceof ArcaException a ? a : new ArcaException("backup \"" + name + "\" cannot continue: an earlier"
                    + " write failed (" + failure.getMessage() + ")", failure);
        }
    }

    private ArcaException failed(String action, Exception e) {
        return e instanceof ArcaException a ? a : new ArcaException("cannot " + action + " backup \"" + name
                + "\" in " + store.describe() + ": " + e.getMessage(), e);
    }
}
