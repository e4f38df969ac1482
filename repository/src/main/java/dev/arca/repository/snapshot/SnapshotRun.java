package dev.arca.repository.snapshot;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.ArcaException;
import dev.arca.repository.content.ContentStats;
import dev.arca.repository.object.ObjectReader;
import dev.arca.repository.object.ObjectRef;
import dev.arca.repository.object.ObjectWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
 */
final class SnapshotRun {
    private final ObjectWriter writer;
    private final ObjectReader reader;
    private final ObjectMapper mapper;
    private final Executor executor;
    private final Semaphore inFlight;
    private final FileOpener opener;
    private final String parentId;
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

    private record InodeKey(long device, long inode) {
    }

    SnapshotRun(ObjectWriter writer, ObjectReader reader, ObjectMapper mapper, Executor executor, int maxInFlight,
            FileOpener opener, String parentId) {
        this.writer = writer;
        this.reader = reader;
        this.mapper = mapper;
        this.executor = executor;
        this.inFlight = new Semaphore(maxInFlight);
        this.opener = opener;
        this.parentId = parentId;
    }

    /** Walks and stores the tree under {@code root}; returns the root's entry (empty name). */
    TreeEntry run(Path root, TreeEntry parentRoot) {
        FileStat stat;
        try {
            stat = FileStat.of(root, true);
        } catch (IOException e) {
            throw new ArcaException.InvalidInput("snapshot root " + root + " cannot be read (" + e
                    + "); check that the volume is mounted there");
        }
        if (stat.type() != EntryType.DIR) {
            throw new ArcaException.InvalidInput("snapshot root " + root + " is a " + stat.type()
                    + ", not a directory; give the volume's mount directory");
        }
        try {
            return directory(root, "", stat, parentRoot).join();
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

    private CompletableFuture<TreeEntry> directory(Path dir, String rel, FileStat stat, TreeEntry previous) {
        checkNotFailed();
        List<String> names;
        try {
            names = list(dir);
        } catch (IOException e) {
            if (rel.isEmpty()) {
                throw new ArcaException.InvalidInput("snapshot root " + dir + " cannot be listed (" + e
                        + "); check that the volume is mounted and readable");
            }
            return skipped(rel, e, "directory");
        }
        Map<String, TreeEntry> before = previousEntries(previous, rel);
        List<CompletableFuture<TreeEntry>> children = new ArrayList<>(names.size());
        for (String name : names) {
            CompletableFuture<TreeEntry> child = child(dir.resolve(name), join(rel, name), name, before.get(name));
            if (child != null) {
                children.add(child);
            }
        }
        dirs.increment();
        String name = dir.getFileName() == null || rel.isEmpty() ? "" : dir.getFileName().toString();
        return CompletableFuture.allOf(children.toArray(CompletableFuture[]::new))
                .thenApplyAsync(v -> writeDirectory(children, name, stat), executor);
    }

    private CompletableFuture<TreeEntry> child(Path path, String rel, String name, TreeEntry previous) {
        FileStat stat;
        try {
            stat = FileStat.of(path, false);
        } catch (IOException e) {
            return skipped(rel, e, "entry");
        }
        switch (stat.type()) {
            case DIR:
                return directory(path, rel, stat, previous != null && previous.type() == EntryType.DIR ? previous : null);
            case FILE:
                return file(path, rel, name, stat, previous);
            case SYMLINK:
                return symlink(path, rel, name, stat);
            default:
                specials.increment();
                return CompletableFuture.completedFuture(stat.entry(name, stat.size(), null, null, null));
        }
    }

    private CompletableFuture<TreeEntry> file(Path path, String rel, String name, FileStat stat, TreeEntry previous) {
        files.increment();
        if (stat.nlink() > 1) {
            String first = firstPathOfInode.putIfAbsent(new InodeKey(stat.device(), stat.inode()), rel);
            if (first != null) {
                hardLinks.increment();
                return CompletableFuture.completedFuture(stat.entry(name, stat.size(), null, null, first));
            }
        }
        if (stat.unchangedSince(previous)) {
            unchanged.increment();
            bytesReused.add(stat.size());
            return CompletableFuture.completedFuture(stat.entry(name, stat.size(), previous.object(), null, null));
        }
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ArcaException("snapshot interrupted at " + rel, e);
        }
        try {
            CompletableFuture<TreeEntry> read = CompletableFuture.supplyAsync(() -> read(path, rel, name, stat), executor);
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

    private TreeEntry read(Path path, String rel, String name, FileStat stat) {
        ObjectRef ref;
        try (InputStream in = opener.open(path)) {
            ref = writer.write(in);
        } catch (IOException e) {
            skipped(rel, e, "file");
            return null;
        }
        bytesRead.add(ref.length());
        if (ref.length() != stat.size()) {
            warnings.add(new PathProblem(rel, "changed while being read (" + stat.size() + " bytes when listed, "
                    + ref.length() + " read); the snapshot holds what was read, take another for a consistent copy"));
        }
        return stat.entry(name, ref.length(), ref, null, null);
    }

    private CompletableFuture<TreeEntry> symlink(Path path, String rel, String name, FileStat stat) {
        String target;
        try {
            target = Files.readSymbolicLink(path).toString();
        } catch (IOException e) {
            return skipped(rel, e, "symlink");
        }
        symlinks.increment();
        return CompletableFuture.completedFuture(stat.entry(name, stat.size(), null, target, null));
    }

    private TreeEntry writeDirectory(List<CompletableFuture<TreeEntry>> children, String name, FileStat stat) {
        List<TreeEntry> entries = new ArrayList<>(children.size());
        for (CompletableFuture<TreeEntry> child : children) {
            TreeEntry entry = child.join();
            if (entry != null) {
                entries.add(entry);
            }
        }
        ObjectRef ref = writer.write(DirectoryListing.of(entries).toJson(mapper));
        return stat.entry(name, stat.size(), ref, null, null);
    }

    /** The parent snapshot's entries of the same directory, or none when it had no such directory. */
    private Map<String, TreeEntry> previousEntries(TreeEntry previous, String rel) {
        if (previous == null) {
            return Map.of();
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
            return Map.of();
        }
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

    private static List<String> list(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                names.add(p.getFileName().toString());
            }
        }
        Collections.sort(names);
        return names;
    }

    private static String join(String rel, String name) {
        return rel.isEmpty() ? name : rel + "/" + name;
    }
}
