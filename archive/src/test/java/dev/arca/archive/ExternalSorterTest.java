package dev.arca.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExternalSorterTest {
    @TempDir
    Path dir;

    @Test
    void linesComeOutSortedAndDistinctAcrossManyRunsAndCascadedMerges() throws IOException {
        Random random = new Random(7);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            lines.add("line-" + random.nextInt(3_000));
        }
        List<String> out = new ArrayList<>();

        try (ExternalSorter sorter = new ExternalSorter(dir, 13, 4)) {
            for (String line : lines) {
                sorter.add(line);
            }
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files.count()).isBetween(1L, 4L);
            }
            sorter.forEachSorted(out::add);
        }

        assertThat(out).isEqualTo(lines.stream().distinct().sorted().toList());
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void anEmptySorterYieldsNothing() throws IOException {
        List<String> out = new ArrayList<>();
        try (ExternalSorter sorter = new ExternalSorter(dir, 10, 2)) {
            sorter.forEachSorted(out::add);
        }
        assertThat(out).isEmpty();
    }
}
