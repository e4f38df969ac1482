package dev.arca.cli;

import dev.arca.api.ArcaException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import picocli.CommandLine;

/** The exit codes of {@code arca}, and the one mapping from errors to them. */
public final class ExitCode {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int INVALID_INPUT = 2;
    public static final int PARTIALLY_FAILED = 3;
    /** {@code arca diff}: the two sides differ (not an error; 1 stays "failed", so a failure never reads as a difference). */
    public static final int DIFFERENT = 4;
    /** {@code arca migrate}: the pre-flight found objects the target cannot take; nothing was backed up or restored. */
    public static final int PREFLIGHT_BLOCKED = 5;

    private ExitCode() {
    }

    /**
     * The code of a run that ended with {@code error}: invalid input (bad flags or values, a name that is
     * taken, credentials the cluster refuses) is 2, anything else 1. Partial failure is not an error: the
     * commands return {@link #PARTIALLY_FAILED} themselves.
     */
    static int of(Throwable error) {
        if (error instanceof ArcaException.InvalidInput || error instanceof CommandLine.ParameterException
                || error instanceof KubernetesClientException k && (k.getCode() == 401 || k.getCode() == 403)) {
            return INVALID_INPUT;
        }
        return FAILED;
    }
}
