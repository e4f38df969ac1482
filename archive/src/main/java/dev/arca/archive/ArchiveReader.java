package dev.arca.archive;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import dev.arca.api.ArcaException;
import dev.arca.storage.ObjectStore;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads one backup from a location, verifying before trusting: every data file is checked
 * against the SHA-256 and size in the manifest before a byte of it is used.
 *
 * <p>{@link #forEachItem} first downloads {@code resources.tar.zst} to a local temporary file
 * (readable by the owner only) while digesting it, and delivers no item unless it matches the
 * manifest; later passes reuse the verified copy. {@link #close()} deletes the local copies.
 * Methods may be called from several threads; each pass streams, holding one item at a time.
 */
public final class ArchiveReader implements AutoCloseable {
    private static final int BUFFER = 64 * 1024;
    /** Far above the largest object etcd stores (1.5 MiB): a bigger entry is not an item. */
    private static final long MAX_ITEM_BYTES = 64L * 1024 * 1024;
    private static final String METADATA = "metadata/";
    private static final List<String> REQUIRED =
            List.of(LocationLayout.RESOURCES, LocationLayout.RESOURCE_LIST, LocationLayout.LOG);

    private final ObjectStore store;
    private final String name;
    private final BackupManifest manifest;
    private final ArchiveOptions options;
    private final Map<String, Path> verified = new HashMap<>();
    private boolean closed;

    private ArchiveReader(ObjectStore store, String name, BackupManifest manifest, ArchiveOptions options) {
        this.store = store;
        this.name = name;
        this.manifest = manifest;
        this.options = options;
    }

    /** Opens backup {@code backupName} with default options. */
    public static ArchiveReader open(ObjectStore store, String backupName) {
        return open(store, backupName, ArchiveOptions.defaults());
    }

    /**
     * Opens backup {@code backupName}: reads and checks its manifest (nothing else is read yet).
     *
     * @throws ArcaException.NotFound     when the location holds no such backup
     * @throws ArcaException.Corrupt      when {@code backup.json} is not a valid manifest of it
     * @throws ArcaException.InvalidInput when it was written in a newer format than this Arca reads
     */
    public static ArchiveReader open(ObjectStore store, String backupName, ArchiveOptions options) {
        String key = LocationLayout.manifestKey(backupName);
        byte[] json;
        try {
            json = store.getBytes(key);
        } catch (ArcaException.NotFound e) {
            throw new ArcaException.NotFound("backup \"" + backupName + "\" not found in " + store.describe()
                    + "; run 'arca backup get'");
        }
        BackupManifest manifest;
        try {
            manifest = ArchiveJson.mapper().readValue(json, BackupManifest.class);
        } catch (IOException | RuntimeException e) {
            throw new ArcaException.Corrupt("backup \"" + backupName + "\": " + LocationLayout.MANIFEST
                    + " is not a valid manifest (" + e.getMessage().lines().findFirst().orElse("") + ")"
                    + "; the backup cannot be read", e);
        }
        if (manifest == null || !backupName.equals(manifest.name())) {
            throw new ArcaException.Corrupt("backup \"" + backupName + "\": " + LocationLayout.MANIFEST
                    + " describes backup \"" + (manifest == null ? null : manifest.name()) + "\"; the backup cannot be read");
        }
        if (manifest.formatVersion() > BackupManifest.FORMAT_VERSION) {
            throw new ArcaException.InvalidInput("backup \"" + backupName + "\" has archive format "
                    + manifest.formatVersion() + " but this Arca reads up to " + BackupManifest.FORMAT_VERSION
                    + "; upgrade arca");
        }
        return new ArchiveReader(store, backupName, manifest, options);
    }

    public BackupManifest manifest() {
        return manifest;
    }

    /**
     * What the backup holds: resource → sorted entries ({@code ns/name}, or {@code name}), verified
     * first. Meant for describe: unlike the items, the whole list is held in memory.
     */
    public Map<String, List<String>> resourceList() {
        Path copy = verifiedCopy(LocationLayout.RESOURCE_LIST);
        try (InputStream in = Files.newInputStream(copy)) {
            return ResourceList.read(in);
        } catch (IOException | RuntimeException e) {
            throw undecodable(LocationLayout.RESOURCE_LIST, e);
        }
    }

    /**
     * Hands every item to {@code visitor}, in archive order. The first call verifies the archive
     * before delivering anything; exceptions from the visitor propagate unchanged.
     *
     * @throws ArcaException.Corrupt when the archive is missing, fails verification, or cannot be
     *                               decoded
     */
    public void forEachItem(ItemVisitor visitor) {
        Path copy = verifiedCopy(LocationLayout.RESOURCES);
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ZstdInputStreamNoFinalizer(
                new BufferedInputStream(Files.newInputStream(copy), BUFFER)), StandardCharsets.UTF_8.name())) {
            TarArchiveEntry entry;
            while ((entry = nextEntry(tar)) != null) {
                if (entry.isDirectory() || entry.getName().startsWith(METADATA)) {
                    continue;
                }
                if (!entry.isFile()) {
                    throw corrupt(LocationLayout.RESOURCES, "entry \"" + entry.getName() + "\" is not a regular file");
                }
                ItemKey key = itemKey(entry);
                visitor.visit(key, readEntry(tar, entry));
            }
        } catch (IOException e) {
            throw undecodable(LocationLayout.RESOURCES, e);
        }
    }

    /** An extra file of the backup ({@link ArchiveWriter#addFile}), verified; empty when the backup has none. */
    public java.util.Optional<byte[]> file(String fileName) {
        if (!manifest.files().containsKey(fileName)) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(Files.readAllBytes(verifiedCopy(fileName)));
        } catch (IOException e) {
            throw undecodable(fileName, e);
        }
    }

    /** The backup's log, verified and decompressed: one JSON document per line. The caller closes it. */
    public InputStream log() {
        Path copy = verifiedCopy(LocationLayout.LOG);
        try {
            return ZstdJsonLines.decompress(Files.newInputStream(copy));
        } catch (IOException e) {
            throw undecodable(LocationLayout.LOG, e);
        }
    }

    /**
     * Checks every file the manifest lists against its digest, reading each from the store (not
     * from local copies) without keeping it.
     *
     * @throws ArcaException.Corrupt naming every file that is missing or does not match
     */
    public void verify() {
        List<String> problems = new ArrayList<>();
        for (String required : REQUIRED) {
            if (!manifest.files().containsKey(required)) {
                problems.add(required + " has no recorded digest");
            }
        }
        manifest.files().forEach((file, expected) -> {
            String reason = download(file, expected, OutputStream.nullOutputStream());
            if (reason != null) {
                problems.add(file + " is " + (reason.equals("missing") ? reason : "corrupt (" + reason + ")"));
            }
        });
        if (!problems.isEmpty()) {
            throw new ArcaException.Corrupt("backup \"" + name + "\" failed verification: " + String.join("; ", problems)
                    + "; the backup cannot be restored");
        }
    }

    /** Deletes the local copies. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        verified.values().forEach(ArchiveReader::deleteQuietly);
        verified.clear();
    }

    /** The local copy of {@code file}, downloaded and verified on first use. */
    private synchronized Path verifiedCopy(String file) {
        if (closed) {
            throw new IllegalStateException("the reader of backup \"" + name + "\" is closed");
        }
        Path copy = verified.get(file);
        if (copy != null) {
            return copy;
        }
        FileDigest expected = manifest.files().get(file);
        if (expected == null) {
            throw corrupt(file, "the manifest records no digest for it");
        }
        try {
            copy = Files.createTempFile(options.tempDir(), "arca-", "-" + file);
        } catch (IOException e) {
            throw new ArcaException("cannot create a temporary file in " + options.tempDir() + ": " + e.getMessage(), e);
        }
        String reason;
        try (OutputStream out = Files.newOutputStream(copy)) {
            reason = download(file, expected, out);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(copy);
            throw e instanceof ArcaException a ? a
                    : new ArcaException("cannot write the temporary file " + copy + ": " + e.getMessage(), e);
        }
        if (reason != null) {
            deleteQuietly(copy);
            throw corrupt(file, reason);
        }
        verified.put(file, copy);
        return copy;
    }

    /** Streams {@code file} from the store into {@code sink}; returns why it does not match, or null. */
    private String download(String file, FileDigest expected, OutputStream sink) {
        String key = LocationLayout.backupFile(name, file);
        try (InputStream in = store.get(key)) {
            return expected.mismatch(DigestStreams.copy(in, sink, expected.size()));
        } catch (ArcaException.NotFound e) {
            return "missing";
        } catch (IOException e) {
            throw new ArcaException.Transient("cannot download " + key + " from " + store.describe() + ": "
                    + e.getMessage() + "; retry", e);
        }
    }

    private ItemKey itemKey(TarArchiveEntry entry) {
        try {
            return ItemKey.fromPath(entry.getName());
        } catch (ArcaException.Corrupt e) {
            throw corrupt(LocationLayout.RESOURCES, e.getMessage());
        }
    }

    private TarArchiveEntry nextEntry(TarArchiveInputStream tar) {
        try {
            return tar.getNextEntry();
        } catch (IOException | RuntimeException e) {
            throw undecodable(LocationLayout.RESOURCES, e);
        }
    }

    private byte[] readEntry(TarArchiveInputStream tar, TarArchiveEntry entry) {
        if (entry.getSize() > MAX_ITEM_BYTES) {
            throw corrupt(LocationLayout.RESOURCES, "entry \"" + entry.getName() + "\" claims " + entry.getSize() + " bytes");
        }
        try {
            byte[] data = tar.readNBytes((int) entry.getSize());
            if (data.length != entry.getSize()) {
                throw corrupt(LocationLayout.RESOURCES, "entry \"" + entry.getName() + "\" is cut short");
            }
            return data;
        } catch (IOException e) {
            throw undecodable(LocationLayout.RESOURCES, e);
        }
    }

    private ArcaException.Corrupt corrupt(String file, String reason) {
        return corrupt(file, reason, null);
    }

    private ArcaException.Corrupt corrupt(String file, String reason, Exception cause) {
        String consequence = file.equals(LocationLayout.LOG) ? "its log cannot be shown" : "the backup cannot be restored";
        String message = reason.equals("missing")
                ? "backup \"" + name + "\": " + file + " is missing from " + store.describe() + "; " + consequence
                : "backup \"" + name + "\": " + file + " is corrupt (" + reason + "); " + consequence;
        return cause == null ? new ArcaException.Corrupt(message) : new ArcaException.Corrupt(message, cause);
    }

    private ArcaException.Corrupt undecodable(String file, Exception e) {
        return corrupt(file, "cannot be decoded: " + e.getMessage(), e);
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a temp file in the temp directory; nothing more to do
        }
    }
}
