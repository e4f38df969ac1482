package dev.arca.fleet.render;

import dev.arca.api.ArcaException;

/**
 * An OverridePolicy rule that cannot be applied to an object: a path that does not exist, an
 * unknown operator, a malformed image part. The caller records it as a condition on the policy
 * named by {@link #policy()} and does not send the object to that target.
 */
public class OverrideException extends ArcaException.InvalidInput {
    private final String policy;

    /**
     * @param policy  the OverridePolicy as {@code namespace/name}
     * @param message the whole message, naming the policy, rule, object and what to do
     */
    public OverrideException(String policy, String message, Throwable cause) {
        super(message, cause);
        this.policy = policy;
    }

    /** The OverridePolicy at fault, as {@code namespace/name}. */
    public String policy() {
        return policy;
    }
}
