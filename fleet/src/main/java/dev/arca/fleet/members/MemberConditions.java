package dev.arca.fleet.members;

import dev.arca.fleet.resources.MemberClusterStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The next status of a MemberCluster after a probe: conditions {@code Ready} and {@code Unreachable}
 * (True/False), whose reason, message and lastTransitionTime change only when their status does,
 * so a flapping error text does not rewrite the status at every probe. {@code lastSeen} and the
 * version move only when the member answered; orphans and other conditions are carried over. Pure.
 */
public final class MemberConditions {
    public static final String READY = "Ready";
    public static final String UNREACHABLE = "Unreachable";
    static final String REASON_REACHABLE = "MemberReachable";
    static final String REASON_UNREACHABLE = "MemberUnreachable";

    private MemberConditions() {
    }

    /** {@code prev} (may be null) after probe {@code p} taken at {@code now}, for MemberCluster generation {@code generation}. */
    public static MemberClusterStatus next(MemberClusterStatus prev, Probe p, Instant now, long generation) {
        MemberClusterStatus before = prev == null ? new MemberClusterStatus() : prev;
        MemberClusterStatus next = new MemberClusterStatus();
        String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
        String message = p.reachable() ? "the API server answered " + MemberProbe.CALL + " (Kubernetes " + p.kubernetesVersion() + ")"
                : p.error();
        String reason = p.reachable() ? REASON_REACHABLE : REASON_UNREACHABLE;
        List<Condition> conditions = new ArrayList<>();
        for (Condition c : before.conditions) {
            if (!READY.equals(c.getType()) && !UNREACHABLE.equals(c.getType())) {
                conditions.add(new ConditionBuilder(c).build());
            }
        }
        conditions.add(condition(find(before, READY), READY, p.reachable(), reason, message, time, generation));
        conditions.add(condition(find(before, UNREACHABLE), UNREACHABLE, !p.reachable(), reason, message, time, generation));
        next.conditions = conditions;
        next.lastSeen = p.reachable() ? time : before.lastSeen;
        next.kubernetesVersion = p.reachable() ? p.kubernetesVersion() : before.kubernetesVersion;
        next.orphans = new ArrayList<>(before.orphans);
        next.observedGeneration = generation;
        return next;
    }

    private static Condition condition(Condition prev, String type, boolean isTrue, String reason, String message, String time,
                                       long generation) {
        String status = isTrue ? "True" : "False";
        if (prev != null && status.equals(prev.getStatus())) {
            return new ConditionBuilder(prev).withObservedGeneration(generation).build();
        }
        return new ConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastTransitionTime(time).withObservedGeneration(generation).build();
    }

    private static Condition find(MemberClusterStatus status, String type) {
        return status.conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }
}
