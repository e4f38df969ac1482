package dev.arca.cli;

import dev.arca.api.ArcaException;
import picocli.CommandLine;

/** The exit codes of {@code arca}, and the one mapping from errors to them. */
public final class ExitCode {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int INVALID_INPUT = 2;
    public static final int PARTIALLY_FAILED = 3;

    private ExitCode() {
    }

    static int of(Throwable error) {
        if (error instanceof ArcaException.InvalidInput || error instanceof CommandLine.ParameterException) {
            return INVALID_INPUT;
        }
        return FAILED;
    }
}
