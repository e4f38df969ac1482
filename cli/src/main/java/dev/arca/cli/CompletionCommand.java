package dev.arca.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code arca completion bash}: a completion script for the shell, as {@code kubectl completion}
 * and {@code velero completion} print theirs. It completes commands, subcommands, option names
 * and the values of enumerated options ({@code -o table|json|yaml}) over the whole command tree.
 * Only bash is offered: it is the shell the tests run the script in.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a completion script for bash.",
                "Load it in the current shell with: source <(arca completion bash)",
                "or in every new shell: arca completion bash > /etc/bash_completion.d/arca"})
final class CompletionCommand implements Callable<Integer> {
    enum Shell { bash }

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SHELL", description = "The shell: bash.")
    Shell shell;

    @Override
    public Integer call() {
        CommandLine root = spec.commandLine();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        spec.commandLine().getOut().print(AutoComplete.bash(root.getCommandName(), root));
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }
}
