package dev.arca.repository.snapshot;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.ArcaException;
import dev.arca.repository.content.ContentStats;
import dev.arca.repository.object.ObjectReader;
import dev.arca.repository.object.ObjectRef;
import dev.arca.repository.object.ObjectWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * One snapshot's walk: depth-first on the calling thread, which lists directories, stats entries
 * and hands files to the executor (at most {@code maxInFlight} at a time); a directory object is
 * written once all its children are, so children are stored before parents and only directories
 * whose files are still in flight are held in memory. Not reusable.
 *
 * <p>A pod can write into the volume while it is read, and so swap a directory for a symlink to
 * {@code /etc} between two steps of the walk. The walk therefore never resolves a path inside the
 * volume through a directory it has not opened itself: each directory is a
 * {@link SecureDirectoryStream} (an open descriptor) opened relative to its parent's with
 * {@code NOFOLLOW}, and files are opened relative to their directory's descriptor. An entry's
 * metadata is read with one {@code fstatat} through its directory's descriptor ({@link DescriptorStat})
 * where the JDK's fields are reachable; otherwise (the JDK's public API reads uid, gid, full mode,
 * nlink and ctime only through a path) through its path, kept only if the inode there is the one its
 * directory's descriptor names (one {@code fstatat} more per entry); a mismatch, a directory that is a symlink by the time it
 * is opened, or a directory that is not the inode it was when listed, is skipped with a warning,
 * never followed. A directory's descriptor is closed once its children are stored. Symlink
 * targets are read through the path (there is no {@code readlinkat} in the JDK) between the two
 * stats, so a swap must happen and be undone inside that window to show a target from elsewhere.
 */
final class SnapshotRun {
    private final ObjectWriter writer;
    private final ObjectReader reader;
    private final ObjectMapper mapper;
    private final Executor executor;
    private final Semaphore inFlight;
    private final FileOpener opener;
    private final String parentId;
    /** Files the parent found changed after this (its start less a second, in epoch nanoseconds) are read again. */
    private final long parentSettledBefore;
    /** First path of each multiply-linked inode; touched by the walking thread only. */
    private final Map<InodeKey, String> firstPathOfInode = new HashMap<>();
    private final Queue<PathProblem> warnings = new ConcurrentLinkedQueue<>();
    private final Queue<PathProblem> errors = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Throwable> fatal = new AtomicReference<>();
    private final LongAdder files = new LongAdder();
    private final LongAdder dirs = new LongAdder();
    private final LongAdder symlinks = new LongAdder();
    private final LongAdder specials = new LongAdder();
    private final LongAdder hardLinks = new LongAdder();
    private final LongAdder unchanged = new LongAdder();
    private final LongAdder bytesRead = new LongAdder();
    private final LongAdder bytesReused = new LongAdder();
    /** Small files to read, handed to the executor in batches; touched by the walking thread only. */
    private final SmallFiles smallFiles;
    /** Whether entries are read with one stat ({@link DescriptorStat}); touched by the walking thread only. */
    private boolean fastStat = DescriptorStat.AVAILABLE;
    private boolean fastStatChecked;

    private record InodeKey(long device, long inode) {
    }

    SnapshotRun(ObjectWriter writer, ObjectReader reader, ObjectMapper mapper, Executor executor, int maxInFlight,
            FileOpener opener, String parentId, java.time.Instant parentStart) {
        this.writer = writer;
        this.reader = reader;
        this.mapper = mapper;
        this.executor = executor;
        this.inFlight = new Semaphore(maxInFlight);
        this.opener = opener;
        this.parentId = parentId;
        this.smallFiles = new SmallFiles(executor, this::acquire, inFlight::release, failure -> fatal.compareAndSet(null, failure));
        this.parentSettledBefore = parentStart == null ? Long.MIN_VALUE : settledBefore(parentStart);
    }

    /** Walks and stores the tree under {@code root}; returns the root's entry (empty name). */
    TreeEntry run(Path root, TreeEntry parentRoot) {
        FileStat stat;
        SecureDirectoryStream<Path> dir;
        try {
            stat = FileStat.of(root, true);
            if (stat.type() != EntryType.DIR) {
                throw new ArcaException.InvalidInput("snapshot root " + root + " is a " + stat.type()
                        + ", not a directory; give the volume's mount directory");
            }
            dir = SecureDirs.openTrusted(root);
        } catch (IOException e) {
            throw new ArcaException.InvalidInput("snapshot root " + root + " cannot be read (" + e
                    + "); check that the volume is mounted there");
        }
        try {
            return directory(dir, root, "", stat, parentRoot).join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new ArcaException("snapshot of " + root + " failed: " + cause, cause);
        }
    }

    SnapshotStats stats(ContentStats content) {
        return new SnapshotStats(files.sum(), dirs.sum(), symlinks.sum(), specials.sum(), hardLinks.sum(),
                unchanged.sum(), bytesRead.sum(), bytesReused.sum(), warnings.size(), errors.size(), content);
    }

    List<PathProblem> warnings() {
        return sorted(warnings);
    }

    List<PathProblem> errors() {
        return sorted(errors);
    }

    private static List<PathProblem> sorted(Queue<PathProblem> problems) {
        List<PathProblem> list = new ArrayList<>(problems);
        list.sort((a, b) -> a.path().compareTo(b.path()));
        return Collections.unmodifiableList(list);
    }

    /** Stores the directory open as {@code dir} (closed once its children are stored) and what is below it. */
    private CompletableFuture<TreeEntry> directory(SecureDirectoryStream<Path> dir, Path path, String rel, FileStat stat,
            TreeEntry previous) {
        List<CompletableFuture<TreeEntry>> children = new ArrayList<>();
        SameListing same;
        try {
            checkNotFailed();
            List<Path> names = SecureDirs.names(dir);
            Map<String, TreeEntry> before = previousEntries(previous, rel);
            same = before == null ? null : new SameListing(previous.object(), before.size());
            for (Path name : names) {
                TreeEntry was = before == null ? null : before.get(name.toString());
                CompletableFuture<TreeEntry> child = child(dir, path, name, join(rel, name.toString()), was);
                if (child != null) {
                    children.add(child);
                    if (same != null) {
                        same.child(child, was);
                    }
                }
            }
            smallFiles.flush();
        } catch (IOException e) {
            smallFiles.fail(e);
            closeWhenDone(dir, children);
            if (rel.isEmpty()) {
                throw new ArcaException.InvalidInput("snapshot root " + path + " cannot be listed (" + e
                        + "); check that the volume is mounted and readable");
            }
            return skipped(rel, e, "directory");
        } catch (RuntimeException | Error e) {
            smallFiles.fail(e);
            closeWhenDone(dir, children);
            throw e;
        }
        dirs.increment();
        String name = rel.isEmpty() ? "" : path.getFileName().toString();
        return closeWhenDone(dir, children).thenApplyAsync(v -> writeDirectory(children, name, stat, same), executor);
    }

    /** Closes {@code dir} once the children read through it are done. */
    private static CompletableFuture<Void> closeWhenDone(SecureDirectoryStream<Path> dir,
            List<CompletableFuture<TreeEntry>> children) {
        CompletableFuture<Void> all = CompletableFuture.allOf(children.toArray(CompletableFuture[]::new));
        all.whenComplete((v, failure) -> SecureDirs.closeQuietly(dir));
        return all;
    }

    private CompletableFuture<TreeEntry> child(SecureDirectoryStream<Path> dir, Path dirPath, Path name, String rel,
            TreeEntry previous) {
        Path path = dirPath.resolve(name);
        FileStat stat;
        String linkTarget = null;
        try {
            stat = fastStat ? DescriptorStat.of(dir, name) : null;
            if (stat != null && !fastStatChecked) { // the JDK's private fields are trusted once they agree with its public API
                fastStat = stat.equals(FileStat.of(path, false));
                fastStatChecked = true;
                stat = fastStat ? stat : null;
            }
            if (stat != null && stat.type() != EntryType.SYMLINK) {
                return entry(dir, name, path, rel, stat, null, previous); // one stat, from the directory's descriptor
            }
            stat = FileStat.of(path, false);
            if (stat.type() == EntryType.SYMLINK) {
                linkTarget = Files.readSymbolicLink(path).toString();
            }
            if (!stat.fileKey().equals(SecureDirs.stat(dir, name).fileKey())) {
                warnings.add(new PathProblem(rel, "was replaced, or a directory above it was, while the snapshot read it"
                        + " (its path leads to another file than its directory holds); skipped, take another snapshot"));
                return null;
            }
        } catch (IOException e) {
            return skipped(rel, e, "entry");
        }
        return entry(dir, name, path, rel, stat, linkTarget, previous);
    }

    private CompletableFuture<TreeEntry> entry(SecureDirectoryStream<Path> dir, Path name, Path path, String rel, FileStat stat,
            String linkTarget, TreeEntry previous) {
        switch (stat.type()) {
            case DIR:
                smallFiles.flush(); // the files listed so far are read while the walk goes down
                return subdirectory(dir, name, path, rel, stat,
                        previous != null && previous.type() == EntryType.DIR ? previous : null);
            case FILE:
                return file(dir, name, path, rel, stat, previous);
            case SYMLINK:
                symlinks.increment();
                return CompletableFuture.completedFuture(stat.entry(name.toString(), stat.size(), null, linkTarget, null));
            default:
                specials.increment();
                return CompletableFuture.completedFuture(stat.entry(name.toString(), stat.size(), null, null, null));
        }
    }

    /** Opens the subdirectory relative to its parent, never through a symlink, and only if it is still the inode listed. */
    private CompletableFuture<TreeEntry> subdirectory(SecureDirectoryStream<Path> parent, Path name, Path path, String rel,
            FileStat stat, TreeEntry previous) {
        SecureDirectoryStream<Path> dir;
        try {
            dir = SecureDirs.openChild(parent, name);
        } catch (IOException e) {
            return problem(parent, name, rel, e, "directory");
        }
        try {
            if (!stat.fileKey().equals(SecureDirs.key(dir))) {
                SecureDirs.closeQuietly(dir);
                warnings.add(new PathProblem(rel, "directory was replaced by another while the snapshot read it; skipped,"
                        + " take another snapshot"));
                return null;
            }
        } catch (IOException e) {
            SecureDirs.closeQuietly(dir);
            return skipped(rel, e, "directory");
        }
        return directory(dir, path, rel, stat, previous);
    }

    private CompletableFuture<TreeEntry> file(SecureDirectoryStream<Path> dir, Path name, Path path, String rel,
            FileStat stat, TreeEntry previous) {
        files.increment();
        if (stat.nlink() > 1) {
            String first = firstPathOfInode.putIfAbsent(new InodeKey(stat.device(), stat.inode()), rel);
            if (first != null) {
                hardLinks.increment();
                return CompletableFuture.completedFuture(stat.entry(name.toString(), stat.size(), null, null, first));
            }
        }
        if (stat.unchangedSince(previous, parentSettledBefore)) {
            unchanged.increment();
            bytesReused.add(stat.size());
            return CompletableFuture.completedFuture(stat.entry(name.toString(), stat.size(), previous.object(), null, null));
        }
        if (stat.size() < SmallFiles.FILE_BELOW) {
            return smallFiles.add(dir, () -> read(dir, name, path, rel, stat), stat.size());
        }
        acquire(rel);
        try {
            CompletableFuture<TreeEntry> read = CompletableFuture.supplyAsync(() -> read(dir, name, path, rel, stat), executor);
            read.whenComplete((entry, failure) -> {
                inFlight.release();
                if (failure != null) {
                    fatal.compareAndSet(null, failure);
                }
            });
            return read;
        } catch (RuntimeException e) {
            inFlight.release();
            throw e;
        }
    }

    /** Takes one of the permits that bound the reads handed to the executor. */
    private void acquire(String rel) {
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ArcaException("snapshot interrupted at " + rel, e);
        }
    }

    private TreeEntry read(SecureDirectoryStream<Path> dir, Path name, Path path, String rel, FileStat stat) {
        ObjectRef ref;
        try (InputStream in = opener.open(dir, name, path)) {
            ref = writer.write(in, stat.size());
        } catch (IOException e) {
            problem(dir, name, rel, e, "file");
            return null;
        }
        bytesRead.add(ref.length());
        if (ref.length() != stat.size()) {
            warnings.add(new PathProblem(rel, "changed while being read (" + stat.size() + " bytes when listed, "
                    + ref.length() + " read); the snapshot holds what was read, take another for a consistent copy"));
        }
        return stat.entry(name.toString(), ref.length(), ref, null, null);
    }

    /** Writes the directory's object, or refers to its parent's again when {@code same} finds it unchanged. */
    private TreeEntry writeDirectory(List<CompletableFuture<TreeEntry>> children, String name, FileStat stat,
            SameListing same) {
        List<TreeEntry> entries = new ArrayList<>(children.size());
        for (CompletableFuture<TreeEntry> child : children) {
            TreeEntry entry = child.join();
            if (entry != null) {
                entries.add(entry);
            }
        }
        ObjectRef ref = same == null ? null : same.reusable(entries);
        if (ref == null) {
            ref = writer.write(DirectoryListing.of(entries).toJson(mapper));
        }
        return stat.entry(name, stat.size(), ref, null, null);
    }

    /** The parent snapshot's entries of the same directory by name, or null when it had no such directory or it cannot be read. */
    private Map<String, TreeEntry> previousEntries(TreeEntry previous, String rel) {
        if (previous == null) {
            return null;
        }
        try {
            String where = "directory \"/" + rel + "\" in parent snapshot " + parentId;
            List<TreeEntry> entries = DirectoryListing.parse(mapper, reader.readAll(previous.object()), where).entries();
            Map<String, TreeEntry> byName = new HashMap<>(entries.size() * 2);
            entries.forEach(e -> byName.put(e.name(), e));
            return byName;
        } catch (ArcaException e) {
            warnings.add(new PathProblem(rel, "parent snapshot's directory object cannot be read (" + e.getMessage()
                    + "); this directory's files are read in full"));
            return null;
        }
    }

    /**
     * Records an entry that could not be opened: one that is now a symlink or of another kind was
     * swapped while the snapshot ran (a warning: it was not followed), otherwise as {@link #skipped}.
     */
    private <T> CompletableFuture<T> problem(SecureDirectoryStream<Path> dir, Path name, String rel, IOException e,
            String what) {
        BasicFileAttributes now;
        try {
            now = SecureDirs.stat(dir, name);
        } catch (IOException | RuntimeException again) {
            return skipped(rel, e, what);
        }
        boolean swapped = what.equals("directory") ? !now.isDirectory() : !now.isRegularFile();
        if (!swapped) {
            return skipped(rel, e, what);
        }
        warnings.add(new PathProblem(rel, what + " was replaced by a " + SecureDirs.kind(now)
                + " during the snapshot; skipped, and not followed"));
        return null;
    }

    /** Records a path that could not be read: vanished is a warning, anything else an error. */
    private <T> CompletableFuture<T> skipped(String rel, IOException e, String what) {
        if (e instanceof NoSuchFileException) {
            warnings.add(new PathProblem(rel, what + " vanished during the snapshot; skipped"));
        } else {
            errors.add(new PathProblem(rel, "cannot read " + what + " (" + e
                    + "); it is missing from this snapshot, check its permissions and take another"));
        }
        return null;
    }

    private void checkNotFailed() {
        Throwable failure = fatal.get();
        if (failure != null) {
            throw new CompletionException(failure);
        }
    }

    /** {@code start} less a second, in epoch nanoseconds (saturated). */
    static long settledBefore(java.time.Instant start) {
        return FileStat.epochNanos(start.getEpochSecond() - 1, start.getNano());
    }

    private static String join(String rel, String name) {
        return rel.isEmpty() ? name : rel + "/" + name;
    }
}
