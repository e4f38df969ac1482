package dev.arca.repository.snapshot;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.ArcaException;
import dev.arca.repository.object.ObjectReader;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * One restore: the calling thread walks the tree depth-first, creates directories and symlinks
 * and hands files to the executor (bounded); then hard links are made, then directory metadata
 * is applied children first. Never writes through a symlink: what is in the way is replaced.
 * Not reusable.
 */
final class RestoreRun {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private final ObjectReader reader;
    private final ObjectMapper mapper;
    private final Executor executor;
    private final int maxInFlight;
    private final Semaphore inFlight;
    private final RestoreOptions options;
    private final String snapshotId;
    private final Path target;
    private final Set<String> restoredFiles = ConcurrentHashMap.newKeySet();
    private final List<Pending> hardLinks = new ArrayList<>();
    private final List<Pending> directories = new ArrayList<>();
    private final Queue<PathProblem> warnings = new ConcurrentLinkedQueue<>();
    private final Queue<PathProblem> errors = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Throwable> fatal = new AtomicReference<>();
    private final AtomicBoolean ownersDenied = new AtomicBoolean();
    private final LongAdder files = new LongAdder();
    private final LongAdder dirs = new LongAdder();
    private final LongAdder symlinks = new LongAdder();
    private final LongAdder links = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private final LongAdder bytes = new LongAdder();

    private record Pending(Path path, String rel, TreeEntry entry) {
    }

    RestoreRun(ObjectReader reader, ObjectMapper mapper, Executor executor, int maxInFlight, RestoreOptions options,
            String snapshotId, Path target) {
        this.reader = reader;
        this.mapper = mapper;
        this.executor = executor;
        this.maxInFlight = maxInFlight;
        this.inFlight = new Semaphore(maxInFlight);
        this.options = options;
        this.snapshotId = snapshotId;
        this.target = target;
    }

    RestoreResult run(TreeEntry root) {
        try {
            restoreDirectory(root, target, "");
        } finally {
            awaitFiles();
        }
        Throwable failure = fatal.get();
        if (failure instanceof RuntimeException r) {
            throw r;
        } else if (failure != null) {
            throw new ArcaException("restore of snapshot " + snapshotId + " into " + target + " failed: " + failure, failure);
        }
        hardLinks.forEach(this::link);
        if (options.permissions() || options.owners() || options.times()) {
            directories.forEach(d -> applyMetadata(d.path(), d.rel(), d.entry()));
        }
        return new RestoreResult(new RestoreStats(files.sum(), dirs.sum(), symlinks.sum(), links.sum(), skipped.sum(),
                bytes.sum()), List.copyOf(warnings), List.copyOf(errors));
    }

    private void restoreDirectory(TreeEntry entry, Path dir, String rel) {
        String where = "directory \"/" + rel + "\" of snapshot " + snapshotId;
        byte[] json;
        try {
            json = reader.readAll(entry.object());
        } catch (ArcaException e) {
            throw new ArcaException.Corrupt("the " + where + " cannot be read (" + e.getMessage()
                    + "); run a verify of the repository and restore from another snapshot", e);
        }
        dirs.increment();
        for (TreeEntry e : DirectoryListing.parse(mapper, json, where).entries()) {
            Path path = child(dir, e.name(), where);
            String childRel = rel.isEmpty() ? e.name() : rel + "/" + e.name();
            switch (e.type()) {
                case DIR -> {
                    if (ensureDirectory(path, childRel)) {
                        restoreDirectory(e, path, childRel);
                    }
                }
                case FILE -> {
                    if (e.isHardLink()) {
                        hardLinks.add(new Pending(path, childRel, e));
                    } else {
                        submit(path, childRel, e);
                    }
                }
                case SYMLINK -> symlink(path, childRel, e);
                default -> {
                    skipped.increment();
                    warnings.add(new PathProblem(childRel, "a " + e.type().name().toLowerCase().replace('_', ' ')
                            + " is recorded in the snapshot but not recreated"));
                }
            }
        }
        directories.add(new Pending(dir, rel, entry));
    }

    /** The child's path, refusing any name that would leave {@code dir}. */
    private Path child(Path dir, String name, String where) {
        Path path;
        try {
            DirectoryListing.checkName(name);
            path = dir.resolve(name).normalize();
        } catch (IllegalArgumentException e) {
            throw hostile(where, name, e.getMessage());
        }
        if (!dir.equals(path.getParent()) || !path.startsWith(target)) {
            throw hostile(where, name, "it resolves to " + path + ", outside " + dir);
        }
        return path;
    }

    private ArcaException.Corrupt hostile(String where, String name, String why) {
        return new ArcaException.Corrupt("the " + where + " has an entry named \"" + name + "\" that would be written"
                + " outside the target " + target + " (" + why + "); the snapshot is damaged or hostile, restore refused");
    }

    private boolean ensureDirectory(Path path, String rel) {
        if (Files.isDirectory(path, NOFOLLOW)) {
            return true;
        }
        try {
            Files.deleteIfExists(path);
            Files.createDirectory(path);
            return true;
        } catch (IOException e) {
            errors.add(new PathProblem(rel, "cannot create directory (" + e + "); its contents were not restored"));
            return false;
        }
    }

    private void submit(Path path, String rel, TreeEntry entry) {
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ArcaException("restore of snapshot " + snapshotId + " interrupted at " + rel, e);
        }
        try {
            executor.execute(() -> {
                try {
                    writeFile(path, rel, entry);
                } catch (Throwable t) {
                    fatal.compareAndSet(null, t);
                } finally {
                    inFlight.release();
                }
            });
        } catch (RuntimeException e) {
            inFlight.release();
            throw e;
        }
    }

    private void writeFile(Path path, String rel, TreeEntry entry) {
        try {
            Files.deleteIfExists(path);
            try (OutputStream out = new BufferedOutputStream(new HoleWriter(FileChannel.open(path, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, NOFOLLOW)), 1 << 16)) {
                reader.copyTo(entry.object(), out);
            }
        } catch (IOException | ArcaException e) {
            errors.add(new PathProblem(rel, "cannot restore file (" + e.getMessage() + ")"));
            return;
        }
        bytes.add(entry.size());
        files.increment();
        restoredFiles.add(rel);
        applyMetadata(path, rel, entry);
    }

    private void symlink(Path path, String rel, TreeEntry entry) {
        try {
            Files.deleteIfExists(path);
            Files.createSymbolicLink(path, path.getFileSystem().getPath(entry.linkTarget()));
        } catch (IOException | InvalidPathException e) {
            errors.add(new PathProblem(rel, "cannot create symlink to \"" + entry.linkTarget() + "\" (" + e + ")"));
            return;
        }
        symlinks.increment();
        applyMetadata(path, rel, entry);
    }

    private void link(Pending link) {
        String to = link.entry().hardLinkTo();
        if (!restoredFiles.contains(to)) {
            errors.add(new PathProblem(link.rel(), "hard link to \"" + to + "\" not made: that file was not restored"));
            return;
        }
        Path existing = target;
        for (String segment : to.split("/")) {
            existing = child(existing, segment, "hard link \"/" + link.rel() + "\" of snapshot " + snapshotId);
        }
        try {
            Files.deleteIfExists(link.path());
            Files.createLink(link.path(), existing);
        } catch (IOException e) {
            errors.add(new PathProblem(link.rel(), "cannot create hard link to \"" + to + "\" (" + e + ")"));
            return;
        }
        links.increment();
        files.increment();
    }

    /** Owner first (chown clears setuid bits), then mode, then mtime; a symlink gets no mode. */
    private void applyMetadata(Path path, String rel, TreeEntry entry) {
        try {
            if (options.owners() && !ownersDenied.get()) {
                try {
                    Files.setAttribute(path, "unix:uid", entry.uid(), NOFOLLOW);
                    Files.setAttribute(path, "unix:gid", entry.gid(), NOFOLLOW);
                } catch (FileSystemException e) {
                    ownersDenied.set(true);
                }
            }
            if (options.permissions() && entry.type() != EntryType.SYMLINK) {
                Files.setAttribute(path, "unix:mode", entry.mode(), NOFOLLOW);
            }
            if (options.times()) {
                Files.getFileAttributeView(path, BasicFileAttributeView.class, NOFOLLOW)
                        .setTimes(FileTime.from(entry.mtimeNanos(), TimeUnit.NANOSECONDS), null, null);
            }
        } catch (IOException | UnsupportedOperationException e) {
            errors.add(new PathProblem(rel, "content restored but metadata not set (" + e + ")"));
        }
    }

    private void awaitFiles() {
        inFlight.acquireUninterruptibly(maxInFlight);
        inFlight.release(maxInFlight);
    }
}
