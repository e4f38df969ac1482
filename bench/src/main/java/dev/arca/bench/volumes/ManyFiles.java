package dev.arca.bench.volumes;

import dev.arca.bench.volumes.DataSet.FileSpec;
import dev.arca.bench.volumes.DataSet.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The many-files data set ({@code --files N}): a tree shaped like a volume full of small files,
 * where the walk and the per-file cost matter more than bytes. Of the N files:
 * <ul>
 *   <li>a few big ones carry 40% of the bytes: one in 20,000 (at least three) a partly
 *       compressible disk image under {@code large/}, as many (at least one) incompressible
 *       under {@code media/};</li>
 *   <li>85% of the rest are small, 256 B to 16 KiB (log-uniform, so most are a few KiB);</li>
 *   <li>15% are medium, over 16 KiB, sharing what is left of the bytes (log-uniform weights
 *       over a 1:64 range);</li>
 * </ul>
 * small and medium files three quarters JSON-like text and a quarter binary records, as in the
 * mixed set, under {@code small/a../b../c..}: 100 to 400 files per directory, three levels deep.
 * The same N, size and seed give the same files.
 */
public final class ManyFiles {
    /** The least data per file the plan needs: the small and medium files' floor, with a margin. */
    static final int MIN_KIB_PER_FILE = 12;
    static final int SMALL_MAX = 16 << 10;
    private static final int SMALL_MIN = 256;
    private static final int SMALL_PERCENT = 85;
    private static final int FILES_PER_BIG = 20_000;
    private static final int DIR_MIN = 100;
    private static final int DIR_MAX = 400;

    private ManyFiles() {
    }

    /**
     * What is wrong with a many-files tree of {@code files} files in {@code sizeMiB} ({@code files}
     * 0: the mixed set, never wrong), as the rest of a sentence naming the size's flag
     * {@code {size}}; null when nothing is.
     */
    public static String checkSize(int files, int sizeMiB) {
        if (files == 0) {
            return null;
        }
        if (files < 100 || files > 10_000_000) {
            return "must be 100..10000000, got " + files;
        }
        long least = ((long) files * MIN_KIB_PER_FILE + 1023) / 1024;
        return sizeMiB >= least ? null : files + " needs {size} of at least " + least + " (" + MIN_KIB_PER_FILE
                + " KiB per file), got " + sizeMiB;
    }

    /**
     * The files of a tree of {@code files} files and about {@code totalBytes}, in writing order.
     *
     * @throws IllegalArgumentException when the bytes are too few for the small and medium files
     */
    static List<FileSpec> plan(int files, long totalBytes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int large = Math.max(3, files / FILES_PER_BIG);
        int media = Math.max(1, files / FILES_PER_BIG);
        long bigEach = (totalBytes * 40 / 100 / (large + media)) & ~4095L;
        int rest = files - large - media;
        long[] sizes = sizes(rest, totalBytes - bigEach * (large + media), random);

        List<FileSpec> specs = new ArrayList<>(files);
        int branching = (int) Math.max(2, Math.ceil(Math.cbrt(rest / ((DIR_MIN + DIR_MAX) / 2.0) + 1)));
        int leaf = 0;
        int leftInLeaf = DIR_MIN + random.nextInt(DIR_MAX - DIR_MIN + 1);
        for (int i = 0; i < rest; i++) {
            if (leftInLeaf-- == 0) {
                leaf++;
                leftInLeaf = DIR_MIN + random.nextInt(DIR_MAX - DIR_MIN + 1) - 1;
            }
            String dir = String.format("%s/a%02d/b%02d/c%02d", DataSet.SMALL, leaf / (branching * branching),
                    (leaf / branching) % branching, leaf % branching);
            boolean text = random.nextInt(4) != 0;
            specs.add(new FileSpec(dir + "/f" + i + (text ? ".json" : ".bin"), sizes[i], text ? Kind.TEXT : Kind.BINARY,
                    random.nextLong()));
        }
        for (int i = 0; i < large; i++) {
            specs.add(new FileSpec(DataSet.LARGE + "/disk-" + i + ".img", bigEach, Kind.LARGE, random.nextLong()));
        }
        for (int i = 0; i < media; i++) {
            specs.add(new FileSpec(DataSet.MEDIA + "/clip-" + i + ".bin", bigEach, Kind.RANDOM, random.nextLong()));
        }
        return specs;
    }

    /** Sizes of {@code count} small and medium files that add up to about {@code budget}. */
    private static long[] sizes(int count, long budget, SplittableRandom random) {
        long[] sizes = new long[count];
        double[] weights = new double[count];
        long smallBytes = 0;
        int medium = 0;
        double weightSum = 0;
        for (int i = 0; i < count; i++) {
            if (random.nextInt(100) < SMALL_PERCENT) {
                sizes[i] = (long) (SMALL_MIN * Math.pow(2, random.nextDouble() * 6));
                smallBytes += sizes[i];
            } else {
                weights[i] = Math.pow(2, random.nextDouble() * 6);
                weightSum += weights[i];
                medium++;
            }
        }
        long spare = budget - smallBytes - (long) medium * SMALL_MAX;
        if (spare < 0) {
            throw new IllegalArgumentException(String.format("%d files need more than %.0f MiB for their small and medium"
                    + " files; give --size-mib at least %d KiB per file", count, budget / 1048576.0, MIN_KIB_PER_FILE));
        }
        for (int i = 0; i < count; i++) {
            if (weights[i] > 0) {
                sizes[i] = SMALL_MAX + (long) (spare * weights[i] / weightSum);
            }
        }
        return sizes;
    }
}
