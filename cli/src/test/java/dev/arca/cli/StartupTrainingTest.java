package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupTrainingTest {
    @TempDir
    Path home;

    @Test
    void everyLocalCommandSucceedsAndTheConnectingOneFailsFastAgainstTheClosedPort() throws Exception {
        List<String> codes = StartupTraining.train(home);

        assertThat(codes).hasSize(9);
        assertThat(codes.subList(0, 8)).allSatisfy(line -> assertThat(line).startsWith("0 arca "));
        assertThat(codes).contains("0 arca backup verify training", "0 arca backup describe training --details");
        assertThat(codes.get(8)).startsWith("1 arca backup create unreachable");
    }
}
