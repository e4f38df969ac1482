package dev.arca.engine.hooks;

import dev.arca.api.HookErrorMode;
import java.time.Duration;
import java.util.List;

/**
 * One exec hook resolved for one pod: from its annotations or from a spec rule.
 *
 * @param source      where it came from: {@code annotation} or {@code rule <name>}
 * @param container   the container to run in (the pod's first when the hook named none)
 * @param command     the command and its arguments
 * @param onError     what its failure does
 * @param timeout     how long the command may run
 * @param waitTimeout how long to wait for the container to be Ready first (restore hooks), or null
 */
public record PodHook(String source, String container, List<String> command, HookErrorMode onError, Duration timeout,
                      Duration waitTimeout) {
    public PodHook {
        command = List.copyOf(command);
    }

    /** The command as a log shows it. */
    public String commandText() {
        return String.join(" ", command);
    }
}
