package dev.arca.cli;

import dev.arca.api.ArcaException;
import dev.arca.cli.fleet.FleetCommand;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The root of the command tree; only {@link #main} calls {@code System.exit}. */
@Command(name = "arca", mixinStandardHelpOptions = true, versionProvider = ArcaCommand.Version.class,
        description = "Back up, restore and migrate Kubernetes applications.")
public final class ArcaCommand {
    /** The top-level commands, in the order {@code arca --help} lists them. */
    static final List<Class<?>> COMMANDS = List.of(LocationCommand.class, BackupCommand.class, RestoreCommand.class,
            DiffCommand.class, CloneCommand.class, MigrateCommand.class, EnvCommand.class,
            ScheduleCommand.class, RepoCommand.class, ImportCommand.class, InstallCommand.class, UninstallCommand.class,
            ServerCommand.class, FleetCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class);

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT, description = "Show stack traces of errors.")
    boolean verbose;

    public static void main(String[] args) {
        if (java.util.Arrays.asList(args).contains("--verbose")) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info"); // before the first logger exists
        }
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.getenv(), args));
    }

    /** Runs one command line in-process and returns its exit code (what tests call). */
    public static int run(PrintWriter out, PrintWriter err, java.util.Map<String, String> env, String... args) {
        ArcaCommand root = new ArcaCommand();
        CommandLine cli = tree(root, new Factory(env), args);
        cli.setOut(out).setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            err.println("error: " + message(e));
            if (root.verbose) {
                e.printStackTrace(err);
            } else if (!(e instanceof ArcaException)) {
                err.println("(run with --verbose for details)");
            }
            err.flush();
            return ExitCode.of(e);
        });
        cli.setParameterExceptionHandler((e, a) -> {
            // As kubectl does: the error, a suggestion for a mistyped name, and where the usage is;
            // the full usage of a command with many flags would bury the error.
            err.println("error: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
            err.println("See '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            err.flush();
            return ExitCode.INVALID_INPUT;
        });
        return cli.execute(args);
    }

    /**
     * The command tree for {@code args}: the root and only the top-level command they name. picocli
     * builds each command's model by reflection when it is added, about a tenth of a short run for
     * the whole tree; {@code help}, {@code completion}, and a missing or mistyped command name get
     * the whole tree, so that help lists every command and a typo gets suggestions.
     */
    static CommandLine tree(ArcaCommand root, CommandLine.IFactory factory, String... args) {
        CommandLine cli = new CommandLine(root, factory);
        String named = Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst().orElse(null);
        List<Class<?>> needed = COMMANDS.stream().filter(c -> c.getAnnotation(Command.class).name().equals(named)).toList();
        if (needed.isEmpty() || needed.contains(CompletionCommand.class) || needed.contains(CommandLine.HelpCommand.class)) {
            needed = COMMANDS;
        }
        needed.forEach(cli::addSubcommand);
        return cli;
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /** Gives each command the environment, so tests can point ARCA_HOME and KUBECONFIG elsewhere. */
    static final class Factory implements CommandLine.IFactory {
        private final java.util.Map<String, String> env;

        Factory(java.util.Map<String, String> env) {
            this.env = env;
        }

        @Override
        public <K> K create(Class<K> cls) throws Exception {
            K made = CommandLine.defaultFactory().create(cls);
            if (made instanceof NeedsEnv n) {
                n.env(env);
            }
            return made;
        }
    }

    /** A command or mixin that reads the environment. */
    public interface NeedsEnv {
        void env(java.util.Map<String, String> env);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = ArcaCommand.class.getPackage().getImplementationVersion();
            return new String[] {"arca " + (v == null ? "0.1.0-SNAPSHOT" : v)};
        }
    }
}
