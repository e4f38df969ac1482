package dev.arca.bench.volumes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.testkit.files.FileTrees;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's data must be the same for both tools and across runs, and the mutation about the share asked. */
class DataSetTest {
    @TempDir
    Path dir;

    /** Paths, types, sizes and SHA-256, without times: two generations differ only in when they ran. */
    private static Map<String, String> content(Path root) {
        Map<String, String> out = new java.util.TreeMap<>();
        FileTrees.describe(root).forEach((path, entry) -> out.put(path, entry.replaceAll(" \\d{4}-\\d\\d-\\d\\dT[^ ]*", "")));
        return out;
    }

    @Test
    void theSameSeedMakesTheSameTreeAndTheMutationChangesAboutTheShareAsked() {
        long size = 24L << 20;
        DataSet.Stats a = DataSet.generate(dir.resolve("a"), size, 7, 2);
        DataSet.generate(dir.resolve("b"), size, 7, 2);
        Map<String, String> first = content(dir.resolve("a"));
        assertThat(content(dir.resolve("b"))).isEqualTo(first);
        assertThat(a.bytes()).isEqualTo(FileTrees.size(dir.resolve("a")));
        assertThat(a.randomBytes()).isPositive();
        assertThat(a.largeBytes()).isPositive();

        Mutation.Result changed = DataSet.mutate(dir.resolve("a"), 0.01, 3);
        assertThat(changed.filesModified()).isPositive();
        assertThat(changed.bytesChanged()).isBetween(size / 400, size / 25);
        assertThat(content(dir.resolve("a"))).isNotEqualTo(first);
        DataSet.mutate(dir.resolve("b"), 0.01, 3);
        assertThat(content(dir.resolve("b"))).as("the mutation is deterministic too").isEqualTo(content(dir.resolve("a")));
    }

    /** The mixed set's figures in docs/volume-performance.md were taken on this plan: it must not move. */
    @Test
    void theDefaultMixedSetIsStillThePlanTheRecordedFiguresWereTakenOn() {
        java.util.List<DataSet.FileSpec> plan = DataSet.plan(2048L << 20, 1);

        assertThat(plan).hasSize(27_774);
        assertThat(plan.stream().mapToLong(DataSet.FileSpec::size).sum()).isEqualTo(2048L << 20);
        assertThat(plan.stream().filter(s -> s.kind() == DataSet.Kind.LARGE).mapToLong(DataSet.FileSpec::size))
                .containsOnly(128L << 20);
        assertThat(plan.stream().map(s -> Path.of(s.path()).getParent()).distinct()
                .flatMap(p -> java.util.stream.Stream.iterate(p, q -> q != null, Path::getParent)).distinct().count()).isEqualTo(506);
    }
}
