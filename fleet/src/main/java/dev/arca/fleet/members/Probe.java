package dev.arca.fleet.members;

/**
 * What one reachability probe of a member found.
 *
 * @param reachable         whether the member's API server answered in time
 * @param kubernetesVersion its version (e.g. {@code v1.20.2}) when it answered, else null
 * @param error             when it did not: the call, and the exception type and message; else null
 */
public record Probe(boolean reachable, String kubernetesVersion, String error) {
    public Probe {
        if (reachable == (error != null)) {
            throw new IllegalArgumentException("a probe has an error exactly when the member was not reachable");
        }
    }
}
