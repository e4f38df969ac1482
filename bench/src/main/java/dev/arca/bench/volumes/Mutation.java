package dev.arca.bench.volumes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The change between the initial and the incremental backup: about {@code fraction} of the data
 * set's bytes, spread the way a live volume changes. Of that budget: 40% overwrites a region of
 * randomly chosen small files, 25% overwrites one contiguous region in the middle of the first
 * large file, 10% is appended to the second, 5% is inserted into the middle of the third
 * (shifting the rest: content-defined chunking must keep the chunks after it), 20% goes into new
 * files (a new directory and existing ones); and a few small files are deleted. Small files are
 * overwritten until both the byte share and {@code fraction} of the files are reached (in the
 * mixed set the bytes come first; in a tree of many small files the count does). Last, another
 * {@code fraction} of the files is touched: a new mtime (and so ctime), the same bytes, which a
 * tool must reread or prove unchanged. Deterministic for the same data set and seed (the times
 * aside).
 */
final class Mutation {
    private static final int MAX_REGION = 64 << 10;

    /**
     * @param bytesChanged bytes overwritten, appended, inserted or newly created (deleted files not counted)
     * @param bytesDeleted bytes of the deleted files
     */
    record Result(int filesModified, int filesAdded, int filesDeleted, int filesTouched, long bytesChanged, long bytesDeleted) {
        String describe() {
            return String.format("%d files modified, %d added, %d deleted, %d touched (new mtime, same bytes); %.2f MiB changed,"
                    + " %.2f MiB deleted", filesModified, filesAdded, filesDeleted, filesTouched, bytesChanged / 1048576.0,
                    bytesDeleted / 1048576.0);
        }
    }

    private final SplittableRandom random;
    private final byte[] buf = new byte[DataSet.BUFFER];
    private int modified;
    private int added;
    private long changed;

    private Mutation(long seed) {
        this.random = new SplittableRandom(seed);
    }

    static Result apply(Path dir, double fraction, long seed) {
        try {
            return new Mutation(seed).run(dir, fraction);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot mutate the data set in " + dir + ": " + e.getMessage(), e);
        }
    }

    private Result run(Path dir, double fraction) throws IOException {
        List<Path> small = Trees.regularFiles(dir.resolve(DataSet.SMALL));
        List<Path> large = Trees.regularFiles(dir.resolve(DataSet.LARGE));
        if (small.isEmpty() || large.isEmpty()) {
            throw new IOException("not a generated data set (no files under small/ or large/)");
        }
        long total = Trees.totalSize(dir);
        long budget = Math.max(4096, (long) (total * fraction));

        Set<Path> changedFiles = new HashSet<>();
        long goal = budget * 40 / 100;
        int fileGoal = (int) Math.min(small.size() / 2, Math.round(fraction * Trees.regularFiles(dir).size()));
        for (long done = 0; done < goal || changedFiles.size() < fileGoal; ) {
            Path file = small.get(random.nextInt(small.size()));
            long size = Files.size(file);
            int region = 1024 + random.nextInt(MAX_REGION);
            int len = (int) Math.min(size, done < goal ? Math.min(goal - done, region) : region);
            overwrite(file, random.nextLong(size - len + 1), len);
            done += len;
            changedFiles.add(file);
        }
        modified += changedFiles.size();

        Path first = large.get(0);
        long region = Math.min(Files.size(first), budget * 25 / 100);
        overwrite(first, Files.size(first) / 2 - region / 2, region);
        modified++;
        append(large.get(1 % large.size()), budget * 10 / 100);
        insert(large.get(2 % large.size()), budget * 5 / 100);

        Path fresh = dir.resolve(DataSet.SMALL).resolve("new-" + Long.toHexString(random.nextLong() & 0xffffff));
        DataSet.mkdirs(fresh);
        goal = budget * 20 / 100;
        for (long done = 0; done < goal; ) {
            long size = Math.min(goal - done, 8192 + random.nextInt(256 << 10));
            Path parent = added % 2 == 0 ? fresh : small.get(random.nextInt(small.size())).getParent();
            // named after this mutation's own new directory: a second mutation of the tree (bench/server's rounds) adds
            // files to the same old directories and must not meet the first one's names
            create(parent.resolve("added-" + added + "-" + fresh.getFileName() + ".json"), size);
            done += size;
        }

        int deleted = 0;
        long bytesDeleted = 0;
        for (int want = Math.min(Math.max(3, small.size() / 1000), small.size() - changedFiles.size()); deleted < want; ) {
            Path victim = small.get(random.nextInt(small.size()));
            if (changedFiles.add(victim) && Files.exists(victim)) {
                bytesDeleted += Files.size(victim);
                Files.delete(victim);
                deleted++;
            }
        }
        int touchedOnly = touch(small, changedFiles, fileGoal);
        return new Result(modified, added, deleted, touchedOnly, changed, bytesDeleted);
    }

    /** Sets a later mtime on {@code count} small files not changed or deleted yet; their bytes stay. */
    private int touch(List<Path> small, Set<Path> taken, int count) throws IOException {
        int done = 0;
        for (int tries = 0; done < count && tries < count * 20; tries++) {
            Path file = small.get(random.nextInt(small.size()));
            if (taken.add(file)) {
                FileTime before = Files.getLastModifiedTime(file);
                long later = Math.max(System.currentTimeMillis(), before.toMillis() + 2000);
                Files.setLastModifiedTime(file, FileTime.fromMillis(later));
                done++;
            }
        }
        return done;
    }

    /** Overwrites {@code [offset, offset + len)} with new text, in place (same size, new mtime). */
    private void overwrite(Path file, long offset, long len) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.position(offset);
            fill(ch, len, file);
        }
    }

    private void append(Path file, long len) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.APPEND)) {
            fill(ch, len, file);
        }
        modified++;
    }

    /** Inserts {@code len} new bytes at a third of the file: writes a new file and renames it over the old one. */
    private void insert(Path file, long len) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        long at = Files.size(file) / 3;
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            copy(in, 0, at, out);
            fill(out, len, tmp);
            copy(in, at, in.size() - at, out);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        modified++;
    }

    private void create(Path file, long len) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            fill(ch, len, file);
        }
        added++;
    }

    private void fill(FileChannel ch, long len, Path file) throws IOException {
        for (long left = len; left > 0; ) {
            int n = (int) Math.min(left, buf.length);
            Content.TEXT.fill(buf, n, random);
            DataSet.writeFully(ch, buf, n, file);
            left -= n;
        }
        changed += len;
    }

    private static void copy(FileChannel in, long from, long count, FileChannel out) throws IOException {
        for (long done = 0; done < count; ) {
            long n = in.transferTo(from + done, count - done, out);
            if (n <= 0) {
                throw new IOException("short copy");
            }
            done += n;
        }
    }
}
