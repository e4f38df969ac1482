package dev.arca.engine.blueprint;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.util.List;

/**
 * One action of a blueprint: a command run in a container of the workload's pod.
 *
 * @param container the container to run in; null: the pod's {@value Blueprint#CONTAINER} annotation, else its first container
 * @param command   the command and its arguments (no shell unless it names one)
 * @param timeout   how long the action may run
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BlueprintAction(String container, List<String> command, Duration timeout) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);

    public BlueprintAction {
        if (command == null || command.isEmpty()) {
            throw new IllegalArgumentException("a blueprint action needs a command");
        }
        command = List.copyOf(command);
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a blueprint action's timeout must be positive, not " + timeout);
        }
        container = container == null || container.isBlank() ? null : container;
    }
}
