package dev.arca.fleet.hub;

import dev.arca.fleet.resources.BindingStatus;
import dev.arca.fleet.resources.MemberCluster;
import dev.arca.fleet.resources.Work;
import dev.arca.fleet.resources.WorkStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A binding's member statuses and aggregate, from its Works: what each member last reported, marked
 * stale when the member is not Ready now (its values are then the last known ones, with the time
 * the member last answered). Healthy counts only fresh, current-version, healthy members.
 */
final class BindingStatuses {
    private BindingStatuses() {
    }

    static List<BindingStatus.MemberStatus> members(List<Work> works, Function<String, Optional<MemberCluster>> member) {
        List<BindingStatus.MemberStatus> out = new ArrayList<>();
        for (Work w : works) {
            BindingStatus.MemberStatus m = new BindingStatus.MemberStatus();
            m.cluster = w.getSpec().cluster;
            m.cell = w.getSpec().cell;
            WorkStatus s = w.getStatus();
            if (s != null) {
                m.applied = s.applied && w.getSpec().templateHash != null && w.getSpec().templateHash.equals(s.templateHash);
                m.templateHash = s.templateHash;
                m.generation = s.generation;
                m.observedGeneration = s.observedGeneration;
                m.health = s.health;
                m.message = s.message;
                m.lastError = s.lastError;
                m.lastSeen = s.lastSeen;
            } else {
                m.health = "Unknown";
            }
            Optional<MemberCluster> mc = member.apply(w.getSpec().cluster);
            m.stale = mc.map(c -> !MemberClusterReconciler.ready(c.getStatus())).orElse(true);
            String memberSeen = mc.map(c -> c.getStatus() == null ? null : c.getStatus().lastSeen).orElse(null);
            if (m.stale && memberSeen != null && (m.lastSeen == null || memberSeen.compareTo(m.lastSeen) > 0)) {
                m.lastSeen = memberSeen; // the copy's values held until the member last answered (they were watched)
            }
            out.add(m);
        }
        out.sort(Comparator.comparing((BindingStatus.MemberStatus m) -> m.cluster)
                .thenComparing(m -> m.cell == null ? "" : m.cell));
        return out;
    }

    /** Writes to the status history each member whose applied, health, message or staleness changed. */
    static void recordChanges(dev.arca.fleet.store.FleetHistory history, String binding, List<BindingStatus.MemberStatus> before,
                              List<BindingStatus.MemberStatus> after, java.time.Instant now) {
        Map<String, BindingStatus.MemberStatus> old = new java.util.HashMap<>();
        (before == null ? List.<BindingStatus.MemberStatus>of() : before).forEach(m -> old.put(key(m.cluster, m.cell), m));
        for (BindingStatus.MemberStatus m : after) {
            BindingStatus.MemberStatus was = old.get(key(m.cluster, m.cell));
            if (was == null || was.applied != m.applied || was.stale != m.stale || !java.util.Objects.equals(was.health, m.health)
                    || !java.util.Objects.equals(was.message, m.message)) {
                history.memberStatus(new dev.arca.fleet.store.StatusRecord(now, binding, m.cluster, m.cell, m.applied, m.health,
                        m.lastError != null ? m.lastError : m.message, m.stale));
            }
        }
    }

    static BindingStatus.Aggregate aggregate(int targets, List<BindingStatus.MemberStatus> members) {
        BindingStatus.Aggregate a = new BindingStatus.Aggregate();
        a.targets = targets;
        for (BindingStatus.MemberStatus m : members) {
            a.applied += m.applied ? 1 : 0;
            a.healthy += m.applied && !m.stale && "Healthy".equals(m.health) ? 1 : 0;
            a.unhealthy += "Unhealthy".equals(m.health) ? 1 : 0;
            a.stale += m.stale ? 1 : 0;
        }
        return a;
    }

    /** The key a target and a Work share: {@code memberNamespace/member} and {@code #cell} when placed by cell. */
    static String key(String cluster, String cell) {
        return cluster + (cell == null ? "" : "#" + cell);
    }

    static Map<String, Work> byKey(List<Work> works) {
        Map<String, Work> out = new java.util.HashMap<>();
        for (Work w : works) {
            out.put(key(w.getSpec().cluster, w.getSpec().cell), w);
        }
        return out;
    }

    static boolean allHealthy(BindingStatus.Aggregate a) {
        return a.targets > 0 && a.healthy == a.targets;
    }

    static String summary(BindingStatus.Aggregate a) {
        return a.applied + "/" + a.targets + " applied, " + a.healthy + " healthy"
                + (a.unhealthy > 0 ? ", " + a.unhealthy + " unhealthy" : "") + (a.stale > 0 ? ", " + a.stale + " stale" : "");
    }

}
