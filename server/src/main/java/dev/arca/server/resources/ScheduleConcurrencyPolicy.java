package dev.arca.server.resources;

import dev.arca.server.schedule.ConcurrencyPolicy;

/** A Schedule's {@code concurrencyPolicy} as spelled in YAML; {@link #policy()} is what the schedule package decides with. */
public enum ScheduleConcurrencyPolicy {
    Forbid(ConcurrencyPolicy.FORBID),
    Allow(ConcurrencyPolicy.ALLOW),
    Replace(ConcurrencyPolicy.REPLACE);

    private final ConcurrencyPolicy policy;

    ScheduleConcurrencyPolicy(ConcurrencyPolicy policy) {
        this.policy = policy;
    }

    /** The policy this spec value means. */
    public ConcurrencyPolicy policy() {
        return policy;
    }
}
