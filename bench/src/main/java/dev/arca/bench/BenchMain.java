package dev.arca.bench;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/** The frame of a benchmark's main that bench/resources and bench/server share: flags, usage, the run, exit codes. */
final class BenchMain {
    private BenchMain() {
    }

    /**
     * Parses {@code args}, prints {@code usage} when asked, else measures and prints the figures
     * line on {@code out}.
     *
     * @return 0, 1 when the run broke, 2 for bad flags
     */
    static <O> int run(List<String> args, PrintStream out, PrintStream err, Function<List<String>, O> parse,
                       Predicate<O> help, String usage, Function<O, String> measure) {
        O options;
        try {
            options = parse.apply(args);
        } catch (IllegalArgumentException e) {
            err.println("bench: " + e.getMessage());
            return 2;
        }
        if (help.test(options)) {
            out.print(usage);
            return 0;
        }
        try {
            out.println(measure.apply(options));
            return 0;
        } catch (Checks.Broken | IllegalStateException | UncheckedIOException e) {
            err.println("bench: FAILED: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            err.println("bench: FAILED: " + e);
            e.printStackTrace(err);
            return 1;
        }
    }
}
