package dev.arca.engine.blueprint;

import dev.arca.api.ArcaException;

/**
 * A blueprint action that did not succeed: it exited non-zero, timed out, could not start, or
 * its stream failed. The message names the pod, the container and what happened, with the end of
 * the command's stderr.
 */
public final class ExecFailure extends ArcaException {
    private final Integer exitCode;

    ExecFailure(String message, Integer exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** The command's exit code, or null when it did not exit by itself (timeout, no connection). */
    public Integer exitCode() {
        return exitCode;
    }
}
