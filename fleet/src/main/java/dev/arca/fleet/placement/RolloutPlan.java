package dev.arca.fleet.placement;

import dev.arca.fleet.resources.BindingStatus;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a rollout wants now: the template hash every target must hold (a target absent from
 * {@code desired} gets nothing applied), the rollout status to record, and the events to emit (one
 * per change of step or state; none when nothing changed).
 */
public record RolloutPlan(Map<String, String> desired, BindingStatus.RolloutStatus status, List<String> events) {

    public RolloutPlan {
        desired = desired == null ? Map.of() : Map.copyOf(desired);
        Objects.requireNonNull(status, "rollout status");
        events = events == null ? List.of() : List.copyOf(events);
    }
}
