package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The completion script, sourced by a real bash and asked to complete, as the shell would on TAB. */
class CompletionCommandTest {
    @TempDir
    Path dir;

    @Test
    void bashCompletesCommandsSubcommandsOptionsAndOptionValues() throws Exception {
        Cli.Result script = new Cli(dir, null).run("completion", "bash");
        assertThat(script.code()).as(script.toString()).isZero();
        Path file = dir.resolve("arca.bash");
        Files.writeString(file, script.out());

        List<String> replies = complete(file, "arca ba", "arca backup ", "arca backup create x --include-n",
                "arca backup get -o ", "arca restore create --existing-resource-policy ", "arca compl",
                "arca schedule ", "arca schedule create x --concurrency-policy ", "arca import ");

        assertThat(replies).containsExactly(
                "[arca ba] backup",
                "[arca backup ] create get describe logs download delete prune verify cancel",
                "[arca backup create x --include-n] --include-namespaces",
                "[arca backup get -o ] table json yaml",
                "[arca restore create --existing-resource-policy ] none update",
                "[arca compl] completion",
                "[arca schedule ] create get describe pause unpause delete retention-plan",
                "[arca schedule create x --concurrency-policy ] Forbid Allow Replace",
                "[arca import ] velero");
    }

    @Test
    void anUnknownShellIsInvalidInputNamingTheChoices() {
        Cli.Result r = new Cli(dir, null).run("completion", "fish");
        assertThat(r.code()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).contains("fish").contains("bash");
    }

    /** Sources the script in bash and prints, for each line, what {@code _complete_arca} offers at its end. */
    private List<String> complete(Path script, String... lines) throws Exception {
        StringBuilder driver = new StringBuilder("source '" + script + "'\n")
                .append("complete_line() { COMP_LINE=\"$1\"; COMP_POINT=${#1}; read -ra COMP_WORDS <<<\"$1\";")
                .append(" [[ \"$1\" == *' ' ]] && COMP_WORDS+=('');")
                .append(" COMP_CWORD=$((${#COMP_WORDS[@]}-1)); COMPREPLY=(); _complete_arca 2>/dev/null;")
                .append(" echo \"[$1] ${COMPREPLY[*]}\"; }\n");
        for (String line : lines) {
            driver.append("complete_line '").append(line).append("'\n");
        }
        Path driverFile = dir.resolve("driver.sh");
        Files.writeString(driverFile, driver.toString());
        Process bash = new ProcessBuilder("bash", "--norc", "--noprofile", driverFile.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(bash.getInputStream().readAllBytes());
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as(out).isZero();
        return out.lines().toList();
    }
}
