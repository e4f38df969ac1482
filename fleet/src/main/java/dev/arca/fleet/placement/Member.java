package dev.arca.fleet.placement;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A member cluster as the scheduler sees it: where its MemberCluster lives, its labels, and whether
 * the hub can reach it now. {@code unreachableSince} is null while it is reachable; an unreachable
 * member with no known time is never treated as gone for longer than a grace.
 */
public record Member(String namespace, String name, Map<String, String> labels, boolean reachable,
        Instant unreachableSince) {

    public Member {
        Objects.requireNonNull(namespace, "member namespace");
        Objects.requireNonNull(name, "member name");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        unreachableSince = reachable ? null : unreachableSince;
    }

    /** A reachable member. */
    public static Member reachable(String namespace, String name, Map<String, String> labels) {
        return new Member(namespace, name, labels, true, null);
    }

    /** {@code namespace/name}, the member's identity across the hub. */
    public String key() {
        return namespace + "/" + name;
    }
}
