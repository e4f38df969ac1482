package dev.arca.bench.volumes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.bench.volumes.DataSet.FileSpec;
import dev.arca.bench.volumes.DataSet.Kind;
import dev.arca.testkit.files.FileTrees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The many-files data set: its shape at a small N, and the mutation that changes and touches 1% of its files. */
class ManyFilesTest {
    @TempDir
    Path dir;

    @Test
    void plansMostlySmallFilesInDirectoriesOfAFewHundredWithAFewBigFilesCarryingMuchOfTheBytes() {
        long total = 400L << 20;
        List<FileSpec> plan = ManyFiles.plan(20_000, total, 5);

        assertThat(plan).hasSize(20_000);
        long bytes = plan.stream().mapToLong(FileSpec::size).sum();
        assertThat(bytes).isBetween(total * 99 / 100, total);
        long small = plan.stream().filter(s -> s.size() < ManyFiles.SMALL_MAX).count();
        assertThat(small).as("files under 16 KiB").isGreaterThan(20_000 * 80 / 100);
        List<FileSpec> big = plan.stream().filter(s -> s.kind() == Kind.LARGE || s.kind() == Kind.RANDOM).toList();
        assertThat(big).hasSize(4);
        assertThat(big.stream().mapToLong(FileSpec::size).sum()).isGreaterThan(total * 39 / 100);
        assertThat(plan.stream().filter(s -> s.kind() == Kind.LARGE)).hasSize(3).allMatch(s -> s.path().startsWith("large/"));

        Map<String, Long> perDir = plan.stream().filter(s -> s.path().startsWith("small/"))
                .collect(Collectors.groupingBy(s -> s.path().substring(0, s.path().lastIndexOf('/')), TreeMap::new,
                        Collectors.counting()));
        assertThat(perDir.keySet()).allMatch(d -> d.matches("small/a\\d\\d/b\\d\\d/c\\d\\d"));
        List<Long> counts = perDir.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(Map.Entry::getValue).toList();
        assertThat(perDir.size()).isBetween(20_000 / 400, 20_000 / 100 + 1);
        assertThat(counts.stream().filter(c -> c < 100 || c > 400)).as("directories outside 100-400 files").hasSizeLessThanOrEqualTo(1);
        assertThat(ManyFiles.plan(20_000, total, 5)).as("the same seed, the same plan").isEqualTo(plan);
        assertThat(ManyFiles.plan(20_000, total, 6)).isNotEqualTo(plan);
    }

    @Test
    void theMutationChangesOnePercentOfTheFilesAndTouchesAsManyWithoutChangingTheirBytes() throws Exception {
        Path data = dir.resolve("data");
        DataSet.Stats stats = DataSet.generate(data, ManyFiles.plan(2000, 32L << 20, 9), 2);
        assertThat(stats.files()).isEqualTo(2000);
        assertThat(FileTrees.size(data)).isEqualTo(stats.bytes());
        Map<String, String> before = FileTrees.describe(data);
        Map<String, Long> mtimes = mtimes(data);

        Mutation.Result result = DataSet.mutate(data, 0.01, 3);

        assertThat(result.filesModified()).isGreaterThanOrEqualTo(20);
        assertThat(result.filesTouched()).isEqualTo(20);
        Map<String, String> after = FileTrees.describe(data);
        Map<String, Long> later = mtimes(data);
        long sameBytesNewTime = mtimes.keySet().stream().filter(later::containsKey)
                .filter(p -> withoutTime(before.get(p)).equals(withoutTime(after.get(p))) && !mtimes.get(p).equals(later.get(p)))
                .count();
        assertThat(sameBytesNewTime).as("files touched: a new mtime, the same bytes").isEqualTo(20);
    }

    @Test
    void aTreeIsMutatedRoundAfterRoundAsBenchServerDoes() throws Exception {
        Path data = dir.resolve("rounds");
        DataSet.generate(data, ManyFiles.plan(2000, 32L << 20, 9), 2);
        int before = Trees.regularFiles(data).size();
        int added = 0;
        int deleted = 0;
        for (long seed = 2; seed <= 9; seed++) { // eight rounds, whose added files land in the same old directories
            Mutation.Result r = DataSet.mutate(data, 0.1, seed);
            added += r.filesAdded();
            deleted += r.filesDeleted();
        }
        assertThat(added).isGreaterThan(16);
        assertThat(Trees.regularFiles(data)).hasSize(before + added - deleted);
    }

    private static String withoutTime(String entry) {
        return entry.replaceAll(" \\d{4}-\\d\\d-\\d\\dT[^ ]*", "");
    }

    private static Map<String, Long> mtimes(Path root) throws Exception {
        Map<String, Long> out = new TreeMap<>();
        for (Path f : Trees.regularFiles(root)) {
            out.put(root.relativize(f).toString(), Files.getLastModifiedTime(f).toMillis());
        }
        return out;
    }
}
