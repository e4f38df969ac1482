package dev.arca.storage.fs;

import dev.arca.api.ArcaException;
import dev.arca.storage.Keys;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.ObjectWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Objects as files under a root directory. A write goes to a hidden temporary file beside its
 * target and is renamed into place on commit, so readers never see a partial object. A commit is
 * durable when it returns: the file is forced to disk before the rename and its directory after
 * it ({@link DurableFiles}), so a power loss leaves the old object or the new one, never an empty
 * or missing one. Files are created 0600 and directories 0700 (the root too, when the store
 * creates it) where the file system has POSIX permissions; existing directories are left as they are.
 * Range reads keep up to {@value #OPEN_READ_FILES} files open ({@link ReadChannels}) until they are
 * evicted, their object is replaced or deleted through this store, or the store is closed.
 */
public final class FilesystemObjectStore implements ObjectStore {
    private static final String TMP_PREFIX = ".arca-tmp-";
    /** Files kept open for range reads: a restore reads from a few packs at a time, each of many chunks. */
    static final int OPEN_READ_FILES = 32;
    private final Path root;
    private final ReadChannels readChannels;

    public FilesystemObjectStore(Path root) {
        this(root, OPEN_READ_FILES);
    }

    /** As the public constructor, keeping at most {@code openReadFiles} files open for range reads. */
    FilesystemObjectStore(Path root, int openReadFiles) {
        this.root = root.toAbsolutePath().normalize();
        this.readChannels = new ReadChannels(openReadFiles);
        try {
            Path created = DurableFiles.createDirectories(this.root);
            if (created != null && created.getParent() != null) {
                DurableFiles.syncDirectory(created.getParent());
            }
        } catch (IOException e) {
            throw new ArcaException.InvalidInput("cannot create location directory " + this.root + ": " + e.getMessage(), e);
        }
    }

    public Path root() {
        return root;
    }

    @Override
    public String describe() {
        return "dir " + root;
    }

    @Override
    public boolean local() {
        return true;
    }

    @Override
    public java.util.OptionalLong freeBytes() {
        try {
            return java.util.OptionalLong.of(Files.getFileStore(root).getUsableSpace());
        } catch (IOException e) {
            return java.util.OptionalLong.empty();
        }
    }

    private Path path(String key) {
        return root.resolve(Keys.check(key));
    }

    @Override
    public void put(String key, byte[] data) {
        try (ObjectWriter w = writer(key)) {
            w.write(data);
            w.commit();
        } catch (IOException e) {
            throw failure("write", key, e);
        }
    }

    /**
     * Writes the bytes to a temporary file, forces it to disk, then hard-links it to the key's
     * name, which the file system does atomically and only if no file has that name: a concurrent
     * creator either wins whole or sees this object whole. On a file system without hard links the
     * temporary file is moved without replacing instead, which leaves a narrow race between the
     * check and the move.
     */
    @Override
    public boolean createIfAbsent(String key, byte[] data) {
        Path target = path(key);
        Path tmp = target.resolveSibling(TMP_PREFIX + UUID.randomUUID());
        try {
            Path createdTop = DurableFiles.createDirectories(target.getParent());
            FileChannel channel = DurableFiles.createFile(tmp);
            try (OutputStream out = Channels.newOutputStream(channel)) {
                out.write(data);
                channel.force(true);
            }
            return DurableFiles.linkIfAbsent(tmp, target, createdTop);
        } catch (IOException e) {
            throw failure("create", key, e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    @Override
    public ObjectWriter writer(String key) {
        Path target = path(key);
        try {
            Path createdTop = DurableFiles.createDirectories(target.getParent());
            Path tmp = target.resolveSibling(TMP_PREFIX + UUID.randomUUID());
            return new FileWriter(target, tmp, createdTop, DurableFiles.createFile(tmp));
        } catch (IOException e) {
            throw failure("write", key, e);
        }
    }

    private static void deleteQuietly(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // best effort: an orphaned temp file is invisible to list and get
        }
    }

    @Override
    public InputStream get(String key) {
        try {
            return Files.newInputStream(path(key));
        } catch (NoSuchFileException e) {
            throw new ArcaException.NotFound("object " + key + " not found in " + describe());
        } catch (IOException e) {
            throw failure("read", key, e);
        }
    }

    @Override
    public InputStream get(String key, long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset + " of " + key);
        }
        try {
            FileChannel channel = FileChannel.open(path(key));
            try {
                return Channels.newInputStream(channel.position(offset)); // past the end, reads find the end
            } catch (IOException e) {
                channel.close();
                throw e;
            }
        } catch (NoSuchFileException e) {
            throw new ArcaException.NotFound("object " + key + " not found in " + describe());
        } catch (IOException e) {
            throw failure("read", key, e);
        }
    }

    /**
     * Served from {@link ReadChannels}: the file stays open for the next range reads of the same key
     * (a restore reads a pack's chunks one by one). A channel closed under this reader because
     * another reader of it was interrupted is opened again once.
     */
    @Override
    public byte[] getRange(String key, long offset, int length) {
        byte[] out = new byte[Math.max(0, length)];
        getRange(key, offset, length, out);
        return out;
    }

    @Override
    public void getRange(String key, long offset, int length, byte[] into) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative range " + offset + "+" + length + " of " + key);
        }
        Path file = path(key);
        for (int attempt = 0; ; attempt++) {
            ReadChannels.Handle handle;
            try {
                handle = readChannels.acquire(file);
            } catch (NoSuchFileException e) {
                throw new ArcaException.NotFound("object " + key + " not found in " + describe());
            } catch (IOException e) {
                throw failure("read", key, e);
            }
            try {
                readRange(handle.channel(), key, offset, ByteBuffer.wrap(into, 0, length));
                return;
            } catch (ClosedChannelException e) {
                readChannels.invalidate(file, handle);
                // another reader's interrupt closed the shared channel: open it again, unless this thread is the one
                if (e instanceof ClosedByInterruptException || Thread.currentThread().isInterrupted() || attempt >= 3) {
                    throw failure("read", key, e);
                }
            } catch (IOException e) {
                throw failure("read", key, e);
            } finally {
                readChannels.release(handle);
            }
        }
    }

    private void readRange(FileChannel channel, String key, long offset, ByteBuffer buf) throws IOException {
        int length = buf.remaining();
        if (!ChannelSlices.readFully(channel, buf, offset + buf.position())) {
            throw dev.arca.storage.Ranges.shortObject(this, key, offset, length);
        }
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(path(key));
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        String p = Keys.checkPrefix(prefix);
        int slash = p.lastIndexOf('/');
        Path start = slash < 0 ? root : root.resolve(p.substring(0, slash));
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        List<ObjectInfo> out = new ArrayList<>();
        try {
            for (Path f : LiveWalk.regularFiles(start)) {
                String key = root.relativize(f).toString().replace(f.getFileSystem().getSeparator(), "/");
                if (!f.getFileName().toString().startsWith(TMP_PREFIX) && key.startsWith(p)) {
                    out.add(new ObjectInfo(key, f.toFile().length()));
                }
            }
        } catch (IOException e) {
            throw new ArcaException.Transient("cannot list " + p + " in " + describe() + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(ObjectInfo::key));
        return out;
    }

    /**
     * Deletes the temporary files (of writers killed before commit or close) whose path starts
     * with {@code prefix} and that were last written before {@code olderThan}: a write in progress
     * keeps touching its file, so only a writer idle for longer than the caller's delay could lose
     * it. A file committed or deleted while this runs is skipped.
     */
    @Override
    public int deleteAbandonedWrites(String prefix, java.time.Instant olderThan) {
        String p = Keys.checkPrefix(prefix);
        int slash = p.lastIndexOf('/');
        Path start = slash < 0 ? root : root.resolve(p.substring(0, slash));
        if (!Files.isDirectory(start)) {
            return 0;
        }
        List<Path> abandoned;
        try {
            abandoned = LiveWalk.regularFiles(start).stream().filter(f -> f.getFileName().toString().startsWith(TMP_PREFIX))
                    .filter(f -> root.relativize(f).toString().replace(f.getFileSystem().getSeparator(), "/").startsWith(p))
                    .filter(f -> modifiedBefore(f, olderThan))
                    .toList();
        } catch (IOException e) {
            throw new ArcaException.Transient("cannot list temporary files under " + p + " in " + describe() + ": "
                    + e.getMessage() + "; run maintenance again", e);
        }
        int deleted = 0;
        for (Path f : abandoned) {
            try {
                deleted += Files.deleteIfExists(f) ? 1 : 0;
            } catch (IOException e) {
                throw new ArcaException.Transient("cannot delete the abandoned temporary file " + root.relativize(f) + " in "
                        + describe() + ": " + e.getMessage() + "; check its permissions and run maintenance again", e);
            }
        }
        return deleted;
    }

    private static boolean modifiedBefore(Path file, java.time.Instant cutoff) {
        try {
            return Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    && Files.getLastModifiedTime(file).toInstant().isBefore(cutoff);
        } catch (IOException e) {
            return false; // renamed into place or deleted meanwhile: not abandoned
        }
    }

    @Override
    public void delete(String key) {
        Path target = path(key);
        readChannels.invalidate(target, null);
        try {
            Files.deleteIfExists(target);
            pruneEmptyParents(target.getParent());
        } catch (IOException e) {
            throw failure("delete", key, e);
        } finally {
            readChannels.invalidate(target, null); // a read between the first invalidation and the unlink may have cached it
        }
    }

    private void pruneEmptyParents(Path dir) {
        while (dir != null && dir.startsWith(root) && !dir.equals(root)) {
            try {
                Files.delete(dir);
            } catch (IOException e) {
                return; // not empty, or gone: stop here
            }
            dir = dir.getParent();
        }
    }

    /** How many files range reads keep open now (tests). */
    int openReadFiles() {
        return readChannels.size();
    }

    /** Closes the files kept open for range reads (one in use is closed when its read ends). */
    @Override
    public void close() {
        readChannels.close();
    }

    private ArcaException failure(String action, String key, IOException e) {
        return new ArcaException("cannot " + action + " " + key + " in " + describe() + ": " + e, e);
    }

    /** Writes to a temporary file; commit forces it to disk, renames it into place and forces the directory. */
    private final class FileWriter extends ObjectWriter {
        private final Path target;
        private final Path tmp;
        private final Path createdTop;
        private final FileChannel channel;
        private final OutputStream out;
        private boolean committed;
        private boolean closed;

        FileWriter(Path target, Path tmp, Path createdTop, FileChannel channel) {
            this.target = target;
            this.tmp = tmp;
            this.createdTop = createdTop;
            this.channel = channel;
            this.out = Channels.newOutputStream(channel);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void commit() {
            if (committed) {
                return;
            }
            try {
                DurableFiles.forceAndClose(channel);
                DurableFiles.replace(tmp, target, createdTop);
                readChannels.invalidate(target, null); // a range read must not see the object it replaced
                committed = true;
            } catch (IOException e) {
                throw failure("write", root.relativize(target).toString(), e);
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (!committed) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // already failing or abandoned
                }
                deleteQuietly(tmp);
            }
        }
    }
}
