package dev.arca.bench.volumes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;

/**
 * The benchmark's data, generated deterministically from a seed (the same seed and size give
 * the same bytes): about 60% many small and medium files (1 KiB to 256 KiB, log-uniform, so most
 * are small; three quarters JSON-like text, a quarter binary records) in nested directories
 * under {@code small/}, 25% in four large files under {@code large/} (256 KiB segments of text,
 * binary records, random bytes and zeros: partly compressible) and 15% incompressible random
 * files of 1 to 32 MiB under {@code media/}.
 */
final class DataSet {
    static final int BUFFER = 1 << 20;
    static final int SEGMENT = 256 << 10;
    static final String SMALL = "small";
    static final String LARGE = "large";
    static final String MEDIA = "media";
    private static final int LARGE_FILES = 4;
    private static final ThreadLocal<byte[]> BUFFERS = ThreadLocal.withInitial(() -> new byte[BUFFER]);

    enum Kind { TEXT, BINARY, LARGE, RANDOM }

    /** One file to write: where (relative to the data directory), how big, what, and its content seed. */
    record FileSpec(String path, long size, Kind kind, long seed) {
    }

    /** What {@link #generate} wrote. */
    record Stats(long files, long dirs, long bytes, long smallFiles, long smallBytes, long largeFiles, long largeBytes,
                 long randomBytes, Duration took) {
        String describe() {
            return String.format("%d files in %d directories, %.1f MiB: %d small files (%.1f MiB), %d large files (%.1f MiB),"
                            + " %.1f MiB incompressible; generated in %.1f s", files, dirs, bytes / 1048576.0, smallFiles,
                    smallBytes / 1048576.0, largeFiles, largeBytes / 1048576.0, randomBytes / 1048576.0, took.toNanos() / 1e9);
        }
    }

    private DataSet() {
    }

    /** The files of a data set of about {@code totalBytes}, in writing order. */
    static List<FileSpec> plan(long totalBytes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<FileSpec> specs = new ArrayList<>();
        long smallBudget = totalBytes * 60 / 100;
        long largeEach = (totalBytes * 25 / 100 / LARGE_FILES) & ~4095L;
        long randomBudget = totalBytes - smallBudget - largeEach * LARGE_FILES;

        List<Long> sizes = new ArrayList<>();
        for (long planned = 0; planned < smallBudget; ) {
            long size = Math.min(smallBudget - planned, (long) (1024 * Math.pow(2, random.nextDouble() * 8)));
            sizes.add(size);
            planned += size;
        }
        int leaves = Math.max(1, sizes.size() / 64);
        for (int i = 0; i < sizes.size(); i++) {
            int leaf = random.nextInt(leaves);
            boolean text = random.nextInt(4) != 0;
            String dir = String.format("%s/d%02d/d%d/d%d", SMALL, leaf / 64, (leaf / 8) % 8, leaf % 8);
            specs.add(new FileSpec(dir + "/f" + i + (text ? ".json" : ".bin"), sizes.get(i), text ? Kind.TEXT : Kind.BINARY,
                    random.nextLong()));
        }
        for (int i = 0; i < LARGE_FILES; i++) {
            specs.add(new FileSpec(LARGE + "/disk-" + i + ".img", largeEach, Kind.LARGE, random.nextLong()));
        }
        long maxMedia = Math.max(1 << 20, Math.min(32L << 20, randomBudget));
        for (long planned = 0, i = 0; planned < randomBudget; i++) {
            long size = Math.min(randomBudget - planned, (1L << 20) + random.nextLong(maxMedia));
            specs.add(new FileSpec(MEDIA + "/m" + (i % 8) + "/clip-" + i + ".bin", size, Kind.RANDOM, random.nextLong()));
            planned += size;
        }
        return specs;
    }

    /**
     * Writes the data set into {@code dir} (which must be empty or absent) with {@code threads} writers.
     *
     * @throws UncheckedIOException when a file cannot be written; the message names it
     */
    static Stats generate(Path dir, long totalBytes, long seed, int threads) {
        return generate(dir, plan(totalBytes, seed), threads);
    }

    /** bench/volumes' data set: the mixed one when {@code files} is 0, else {@link ManyFiles}' tree of that many files. */
    static List<FileSpec> plan(int files, long totalBytes, long seed) {
        return files == 0 ? plan(totalBytes, seed) : ManyFiles.plan(files, totalBytes, seed);
    }

    /**
     * Writes the planned files into {@code dir} (which must be empty or absent) with {@code threads} writers.
     *
     * @throws UncheckedIOException when a file cannot be written; the message names it
     */
    static Stats generate(Path dir, List<FileSpec> specs, int threads) {
        long began = System.nanoTime();
        specs.stream().map(s -> dir.resolve(s.path()).getParent()).distinct().forEach(DataSet::mkdirs);
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            pool.submit(() -> specs.parallelStream().forEach(s -> write(dir.resolve(s.path()), s))).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while generating the data set", e);
        } finally {
            pool.shutdown();
        }
        long small = 0, smallFiles = 0, large = 0, largeFiles = 0, rnd = 0;
        for (FileSpec s : specs) {
            switch (s.kind()) {
                case TEXT, BINARY -> { small += s.size(); smallFiles++; }
                case LARGE -> { large += s.size(); largeFiles++; }
                case RANDOM -> rnd += s.size();
            }
        }
        long dirs = specs.stream().map(s -> Path.of(s.path()).getParent()).distinct()
                .flatMap(p -> java.util.stream.Stream.iterate(p, q -> q != null, Path::getParent)).distinct().count();
        return new Stats(specs.size(), dirs, small + large + rnd, smallFiles, small, largeFiles, large, rnd,
                Duration.ofNanos(System.nanoTime() - began));
    }

    /** Changes about {@code fraction} of the bytes of a generated data set; see {@link Mutation}. */
    static Mutation.Result mutate(Path dir, double fraction, long seed) {
        return Mutation.apply(dir, fraction, seed);
    }

    private static void write(Path file, FileSpec spec) {
        byte[] buf = BUFFERS.get();
        SplittableRandom random = new SplittableRandom(spec.seed());
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long left = spec.size(); left > 0; ) {
                int n = (int) Math.min(left, BUFFER);
                switch (spec.kind()) {
                    case TEXT -> Content.TEXT.fill(buf, n, random);
                    case BINARY -> Content.BINARY.fill(buf, n, random);
                    case RANDOM -> Content.RANDOM.fill(buf, n, random);
                    case LARGE -> segments(buf, n, random);
                }
                writeFully(out, buf, n, file);
                left -= n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** A large file's buffer: 256 KiB segments, 40% text, 30% binary records, 20% random, 10% zeros. */
    private static void segments(byte[] buf, int n, SplittableRandom random) {
        for (int off = 0; off < n; off += SEGMENT) {
            int pick = random.nextInt(10);
            Content c = pick < 4 ? Content.TEXT : pick < 7 ? Content.BINARY : pick < 9 ? Content.RANDOM : Content.ZEROS;
            c.fill(buf, off, Math.min(n, off + SEGMENT), random);
        }
    }

    static void writeFully(FileChannel out, byte[] buf, int n, Path file) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
        while (bb.hasRemaining()) {
            if (out.write(bb) < 0) {
                throw new IOException("short write to " + file);
            }
        }
    }

    static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create directory " + dir + ": " + e.getMessage(), e);
        }
    }
}
