package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArcaCommandTest {
    private static final Set<String> ALL = Set.of("location", "backup", "restore", "diff", "clone", "migrate", "env", "schedule", "repo",
            "import", "server", "fleet",
            "install", "uninstall", "completion", "help");

    @TempDir
    Path home;

    private static Set<String> commands(String... args) {
        return ArcaCommand.tree(new ArcaCommand(), new ArcaCommand.Factory(Map.of()), args).getSubcommands().keySet();
    }

    @Test
    void aRunBuildsOnlyTheTopLevelCommandItNames() {
        assertThat(commands("backup", "create", "b1", "--include-namespaces", "shop")).containsExactly("backup");
        assertThat(commands("--verbose", "restore", "get")).containsExactly("restore");
        assertThat(commands("backup")).containsExactly("backup");
    }

    @Test
    void helpCompletionAndAMissingOrMistypedNameGetTheWholeTree() {
        assertThat(commands()).isEqualTo(ALL);
        assertThat(commands("--help")).isEqualTo(ALL);
        assertThat(commands("help", "backup")).isEqualTo(ALL);
        assertThat(commands("completion", "bash")).isEqualTo(ALL);
        assertThat(commands("bakup", "get")).isEqualTo(ALL);
    }

    @Test
    void theUserSeesEveryCommandInHelpAndASuggestionForATypo() {
        Cli arca = new Cli(home, null);
        assertThat(arca.run("--help").out()).contains("location", "backup", "restore", "diff", "schedule", "repo", "import", "server", "fleet", "completion", "help");
        assertThat(arca.run("help", "restore").out()).startsWith("Usage: arca restore");
        Cli.Result typo = arca.run("bakup", "get");
        assertThat(typo.code()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(typo.err()).contains("Did you mean: arca backup?");
        Cli.Result nested = arca.run("backup", "get", "--verbose");
        assertThat(nested.code()).as("--verbose is inherited by a command added on demand").isZero();
    }
}
