package dev.arca.engine.hooks;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What one post-restore exec hook did, as the restore record keeps it.
 *
 * @param namespace the pod's namespace (after mapping)
 * @param pod       the pod's name
 * @param container the container it ran in
 * @param command   the command as one line
 * @param source    {@code annotation} or {@code rule <name>}
 * @param exitCode  the command's exit code, or -1 when it did not run or finish
 * @param output    the first bytes of its output (stdout then stderr)
 * @param failure   what went wrong (not Ready in time, timeout, exit code), or null when it succeeded
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HookResult(String namespace, String pod, String container, String command, String source, int exitCode,
                         String output, String failure) {
    /** How much output a record keeps per hook. */
    public static final int OUTPUT_EXCERPT = 4 << 10;

    public boolean succeeded() {
        return failure == null;
    }
}
