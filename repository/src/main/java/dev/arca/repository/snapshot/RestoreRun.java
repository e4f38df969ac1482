package dev.arca.repository.snapshot;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.ArcaException;
import dev.arca.repository.object.ObjectReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * One restore: the calling thread walks the tree depth-first, creates directories and symlinks
 * and hands files to the executor (bounded); then hard links are made, then directory metadata
 * is applied children first. Not reusable.
 *
 * <p>A pod may write into the target while it is restored, and swap a directory for a symlink to
 * {@code /etc}. So no path inside the target is ever resolved: every directory of the target is
 * an open descriptor ({@link SecureDirectoryStream}) opened from its parent's with
 * {@code NOFOLLOW}, and every entry is made in the private {@link Staging} directory (the JDK
 * offers no {@code mkdirat}, {@code symlinkat} or {@code linkat}), given its content and
 * metadata there, and renamed into place relative to its destination's descriptor
 * ({@code renameat}, which replaces a file or symlink in the way without following it). A
 * directory is opened right after it is made, and its entries are skipped with an error if it is
 * not a directory then. Directory metadata, applied last, is set the same way: the directory is
 * renamed into the staging directory, set, and renamed back (the descriptor-relative attribute
 * views of the JDK set times to microseconds only and modes without setuid, setgid and sticky).
 * A hard link is made through the path of the file it links to, and kept only if the link made
 * is that file's inode. This was chosen over restoring the whole tree into a private directory
 * and renaming the top-level entries into place because a restore merges into an existing
 * target (paths the snapshot does not hold stay), which renaming whole subtrees cannot do.
 */
final class RestoreRun {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final Set<OpenOption> CREATE = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, NOFOLLOW);

    private final ObjectReader reader;
    private final ObjectMapper mapper;
    private final Executor executor;
    private final int maxInFlight;
    private final Semaphore inFlight;
    private final String snapshotId;
    private final Path target;
    private final SecureDirectoryStream<Path> top;
    private final Staging staging;
    private final Consumer<String> directoryReady;
    private final Set<String> restoredFiles = ConcurrentHashMap.newKeySet();
    private final List<Pending> hardLinks = new ArrayList<>();
    /** Small files to write, handed to the executor in batches; touched by the walking thread only. */
    private final SmallFiles.Batches<SmallFile> small = new SmallFiles.Batches<>(this::writeSmall);
    private final Queue<PathProblem> warnings = new ConcurrentLinkedQueue<>();
    private final Queue<PathProblem> errors = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Throwable> fatal = new AtomicReference<>();
    private final EntryMetadata metadata;
    private final LongAdder files = new LongAdder();
    private final LongAdder dirs = new LongAdder();
    private final LongAdder symlinks = new LongAdder();
    private final LongAdder links = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private final LongAdder bytes = new LongAdder();

    private record Pending(String rel, TreeEntry entry) {
    }

    /** A directory of the target that was restored, for the metadata pass. */
    private record Restored(Path name, String rel, TreeEntry entry, List<Restored> children) {
    }

    /**
     * @param top            the target, open; not closed here
     * @param staging        where entries are made before they are renamed into place
     * @param directoryReady called on the walking thread with each directory's relative path once
     *                       it exists in the target and before its entries are written (tests race it)
     */
    RestoreRun(ObjectReader reader, ObjectMapper mapper, Executor executor, int maxInFlight, RestoreOptions options,
            String snapshotId, Path target, SecureDirectoryStream<Path> top, Staging staging,
            Consumer<String> directoryReady) {
        this.reader = reader;
        this.mapper = mapper;
        this.executor = executor;
        this.maxInFlight = maxInFlight;
        this.inFlight = new Semaphore(maxInFlight);
        this.metadata = new EntryMetadata(options, staging.newEntries(), staging.isPrivate());
        this.snapshotId = snapshotId;
        this.target = target;
        this.top = top;
        this.staging = staging;
        this.directoryReady = directoryReady;
    }

    RestoreResult run(TreeEntry root) {
        Restored tree = new Restored(null, "", root, new ArrayList<>());
        try {
            restoreDirectory(tree, new HeldDirectory(top, false));
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
        if (metadata.any()) {
            metadataBelow(tree, top);
            applyMetadata(target, "", root, false); // the target itself is reached through the path the caller gave
        }
        return new RestoreResult(new RestoreStats(files.sum(), dirs.sum(), symlinks.sum(), links.sum(), skipped.sum(),
                bytes.sum()), List.copyOf(warnings), List.copyOf(errors));
    }

    private void restoreDirectory(Restored node, HeldDirectory dir) {
        try {
            if (!node.rel().isEmpty()) {
                directoryReady.accept(node.rel());
            }
            String where = "directory \"/" + node.rel() + "\" of snapshot " + snapshotId;
            byte[] json;
            try {
                json = reader.readAll(node.entry().object());
            } catch (ArcaException e) {
                throw new ArcaException.Corrupt("the " + where + " cannot be read (" + e.getMessage()
                        + "); run a verify of the repository and restore from another snapshot", e);
            }
            dirs.increment();
            try {
                for (TreeEntry e : DirectoryListing.parse(mapper, json, where).entries()) {
                    restoreEntry(node, dir, e, where);
                }
            } catch (RuntimeException | Error e) {
                small.take(); // the restore fails with this: its pending small files are not written
                throw e;
            }
            small.flush();
        } finally {
            dir.release();
        }
    }

    private void restoreEntry(Restored parent, HeldDirectory dir, TreeEntry e, String where) {
        Path name = name(e.name(), where);
        String rel = parent.rel().isEmpty() ? e.name() : parent.rel() + "/" + e.name();
        switch (e.type()) {
            case DIR -> {
                small.flush(); // the files listed so far are written while the walk goes down
                HeldDirectory sub = ensureDirectory(dir.dir(), name, rel);
                if (sub != null) {
                    Restored child = new Restored(name, rel, e, new ArrayList<>());
                    parent.children().add(child);
                    restoreDirectory(child, sub);
                }
            }
            case FILE -> {
                if (e.isHardLink()) {
                    hardLinks.add(new Pending(rel, e));
                } else if (e.size() < SmallFiles.FILE_BELOW) {
                    small.add(dir, new SmallFile(dir, name, rel, e), e.size());
                } else {
                    submit(dir, name, rel, e);
                }
            }
            case SYMLINK -> symlink(dir.dir(), name, rel, e);
            default -> {
                skipped.increment();
                warnings.add(new PathProblem(rel, "a " + e.type().name().toLowerCase().replace('_', ' ')
                        + " is recorded in the snapshot but not recreated"));
            }
        }
    }

    /** The entry's name as one path component, refusing any name that could address anything but a child. */
    private Path name(String name, String where) {
        try {
            DirectoryListing.checkName(name);
            Path path = target.getFileSystem().getPath(name);
            if (path.isAbsolute() || path.getNameCount() != 1) {
                throw new IllegalArgumentException("it is not a single path component");
            }
            return path;
        } catch (IllegalArgumentException e) { // InvalidPathException included
            throw new ArcaException.Corrupt("the " + where + " has an entry named \"" + name + "\" that would be written"
                    + " outside the target " + target + " (" + e.getMessage() + "); the snapshot is damaged or hostile,"
                    + " restore refused");
        }
    }

    /** Opens directory {@code name} of {@code parent}, making it first (in place of a file or symlink) if need be. */
    private HeldDirectory ensureDirectory(SecureDirectoryStream<Path> parent, Path name, String rel) {
        try {
            BasicFileAttributes now = existing(parent, name);
            if (now == null || !now.isDirectory()) {
                if (now != null) {
                    parent.deleteFile(name);
                }
                Path made = staging.newName();
                Files.createDirectory(staging.pathOf(made));
                place(made, parent, name);
            }
            return new HeldDirectory(SecureDirs.openChild(parent, name), true);
        } catch (IOException e) {
            errors.add(new PathProblem(rel, "cannot create directory (" + e + "); its contents were not restored"));
            return null;
        }
    }

    private void submit(HeldDirectory dir, Path name, String rel, TreeEntry entry) {
        submitTask(dir, rel, () -> writeFile(dir.dir(), name, rel, entry));
    }

    /** Runs {@code write} on the executor with a read permit and {@code dir} held; its failure fails the restore. */
    private void submitTask(HeldDirectory dir, String rel, Runnable write) {
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ArcaException("restore of snapshot " + snapshotId + " interrupted at " + rel, e);
        }
        dir.hold();
        try {
            executor.execute(() -> {
                try {
                    write.run();
                } catch (Throwable t) {
                    fatal.compareAndSet(null, t);
                } finally {
                    dir.release();
                    inFlight.release();
                }
            });
        } catch (RuntimeException | Error e) { // an Error too: a permit never given back would hang the wait for the files
            dir.release();
            inFlight.release();
            throw e;
        }
    }

    /** A small file to write into {@code dir}, which its batch holds while it is written. */
    private record SmallFile(HeldDirectory dir, Path name, String rel, TreeEntry entry) {
    }

    /** Writes a batch of one directory's small files (as {@link SmallFiles} reads them): one hand-off and one permit. */
    private void writeSmall(List<SmallFile> batch) {
        HeldDirectory dir = batch.get(0).dir();
        submitTask(dir, batch.get(0).rel(), () -> {
            for (SmallFile f : batch) {
                if (Thread.currentThread().isInterrupted()) { // the run is being stopped: the rest would fail one by one
                    throw new ArcaException("restore of snapshot " + snapshotId + " stopped before " + f.rel());
                }
                writeFile(dir.dir(), f.name(), f.rel(), f.entry());
            }
        });
    }

    private void writeFile(SecureDirectoryStream<Path> dir, Path name, String rel, TreeEntry entry) {
        Path made = staging.newName();
        Path staged = staging.pathOf(made);
        try {
            // unbuffered: the reader writes whole chunks, and a buffer per file was as much garbage as the small files restored
            try (OutputStream out = new HoleWriter(FileChannel.open(staged, CREATE, metadata.creationMode(entry)), entry.size())) {
                reader.copyTo(entry.object(), out);
            }
            applyMetadata(staged, rel, entry, true);
            place(made, dir, name);
        } catch (IOException | ArcaException e) {
            staging.discard(made);
            errors.add(new PathProblem(rel, "cannot restore file (" + e.getMessage() + ")"));
            return;
        }
        bytes.add(entry.size());
        files.increment();
        restoredFiles.add(rel);
    }

    private void symlink(SecureDirectoryStream<Path> dir, Path name, String rel, TreeEntry entry) {
        Path made = staging.newName();
        try {
            Files.createSymbolicLink(staging.pathOf(made), target.getFileSystem().getPath(entry.linkTarget()));
        } catch (IOException | InvalidPathException e) {
            errors.add(new PathProblem(rel, "cannot create symlink to \"" + entry.linkTarget() + "\" (" + e + ")"));
            return;
        }
        applyMetadata(staging.pathOf(made), rel, entry, true);
        try {
            place(made, dir, name);
        } catch (IOException e) {
            staging.discard(made);
            errors.add(new PathProblem(rel, "cannot create symlink to \"" + entry.linkTarget() + "\" (" + e + ")"));
            return;
        }
        symlinks.increment();
    }

    /**
     * Renames {@code made} from the staging directory to {@code name} in {@code dir}: a file or
     * symlink in the way is replaced, an empty directory removed first; a non-empty one fails it.
     */
    private void place(Path made, SecureDirectoryStream<Path> dir, Path name) throws IOException {
        try {
            staging.moveOut(made, dir, name);
        } catch (IOException e) {
            BasicFileAttributes now = existing(dir, name);
            if (now == null || !now.isDirectory()) {
                throw e;
            }
            try {
                dir.deleteDirectory(name);
            } catch (DirectoryNotEmptyException full) {
                throw new IOException("a directory that is not empty is in its place; move it away and restore again", full);
            }
            staging.moveOut(made, dir, name);
        }
    }

    private static BasicFileAttributes existing(SecureDirectoryStream<Path> dir, Path name) throws IOException {
        try {
            return SecureDirs.stat(dir, name);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private void link(Pending link) {
        String to = link.entry().hardLinkTo();
        if (!restoredFiles.contains(to)) {
            errors.add(new PathProblem(link.rel(), "hard link to \"" + to + "\" not made: that file was not restored"));
            return;
        }
        try (SecureDirs.Located first = SecureDirs.locate(top, target, to); SecureDirs.Located at = SecureDirs.locate(top, target, link.rel())) {
            BasicFileAttributes file = SecureDirs.stat(first.dir(), first.name());
            Path made = staging.newName();
            Files.createLink(staging.pathOf(made), target.resolve(to)); // through a path: checked below
            Object linked = Files.readAttributes(staging.pathOf(made), BasicFileAttributes.class, NOFOLLOW).fileKey();
            if (!file.isRegularFile() || !linked.equals(file.fileKey())) {
                staging.discard(made);
                throw new IOException("the path to \"" + to + "\" led elsewhere than the restored file: the target"
                        + " changed while it was restored");
            }
            place(made, at.dir(), at.name());
        } catch (IOException e) {
            errors.add(new PathProblem(link.rel(), "cannot create hard link to \"" + to + "\" (" + e + ")"));
            return;
        }
        links.increment();
        files.increment();
    }

    /** Children first: each subdirectory's own subdirectories, then its metadata. */
    private void metadataBelow(Restored node, SecureDirectoryStream<Path> dir) {
        for (Restored child : node.children()) {
            try (SecureDirectoryStream<Path> sub = SecureDirs.openChild(dir, child.name())) {
                metadataBelow(child, sub);
                directoryMetadata(dir, sub, child);
            } catch (IOException e) {
                errors.add(new PathProblem(child.rel(), "contents restored but directory metadata not set (" + e + ")"));
            }
        }
    }

    /** Renames the directory into the staging directory, sets its metadata there by path, and renames it back. */
    private void directoryMetadata(SecureDirectoryStream<Path> parent, SecureDirectoryStream<Path> self, Restored dir)
            throws IOException {
        Object key = SecureDirs.key(self);
        Path made = staging.newName();
        parent.move(dir.name(), staging.dir(), made);
        if (!key.equals(SecureDirs.stat(staging.dir(), made).fileKey())) {
            staging.moveOut(made, parent, dir.name());
            throw new IOException("it was replaced while the restore ran");
        }
        applyMetadata(staging.pathOf(made), dir.rel(), dir.entry(), false);
        try {
            try {
                staging.moveOut(made, parent, dir.name());
            } catch (AccessDeniedException e) {
                // not root: moving a directory to another parent needs write permission on it, which its mode may deny
                Files.setAttribute(staging.pathOf(made), "unix:mode", dir.entry().mode() | 0200, NOFOLLOW);
                staging.moveOut(made, parent, dir.name());
                self.getFileAttributeView(PosixFileAttributeView.class).setPermissions(EntryMetadata.permissions(dir.entry().mode()));
                if ((dir.entry().mode() & 07000) != 0) {
                    errors.add(new PathProblem(dir.rel(), "setuid, setgid and sticky bits not set: the directory denies"
                            + " its owner write access and the restore does not run as root"));
                }
            }
        } catch (IOException e) {
            throw new IOException("it could not be renamed back from " + staging.pathOf(made) + " (" + e
                    + "); move it into place by hand", e);
        }
    }

    /** @param made whether this restore made the entry in the staging directory (else it may have been there before) */
    private void applyMetadata(Path path, String rel, TreeEntry entry, boolean made) {
        try {
            if (made) {
                metadata.applyToNew(path, entry);
            } else {
                metadata.apply(path, entry);
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
