package dev.arca.cli.fleet;

import dev.arca.fleet.resources.BindingStatus;
import dev.arca.fleet.resources.ResourceBinding;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The human form of {@code arca fleet status}: the binding's header, one row per member target, the
 * aggregate line and the rollout state. A target no member has reported yet gets a row too.
 */
final class FleetStatusTable {
    static final String[] HEADER = {"CLUSTER", "CELL", "APPLIED", "HEALTH", "GENERATION", "LAST-SEEN", "STALE", "MESSAGE/ERROR"};
    private final Clock clock;

    FleetStatusTable(Clock clock) {
        this.clock = clock;
    }

    void print(PrintWriter out, ResourceBinding binding) {
        BindingStatus status = FleetStatusCommand.statusOf(binding);
        out.println(binding.getSpec().resource + " (binding " + binding.getMetadata().getNamespace() + "/"
                + binding.getMetadata().getName() + (binding.getSpec().policy == null ? "" : ", policy " + binding.getSpec().policy) + ")");
        table(out, rows(status));
        BindingStatus.Aggregate a = status.aggregate;
        out.println(a == null ? "Aggregate: not computed yet"
                : "Aggregate: " + a.targets + " targets, " + a.applied + " applied, " + a.healthy + " healthy, "
                        + a.unhealthy + " unhealthy, " + a.stale + " stale");
        out.println(rollout(status.rollout));
    }

    List<String[]> rows(BindingStatus status) {
        List<String[]> rows = new ArrayList<>();
        for (BindingStatus.MemberStatus m : status.members) {
            rows.add(new String[] {m.cluster, dash(m.cell), m.applied ? "yes" : "no", m.health == null ? "Unknown" : m.health,
                generation(m), age(m.lastSeen), m.stale ? "yes" : "no", message(m)});
        }
        for (BindingStatus.Target t : status.targets) {
            boolean reported = status.members.stream()
                    .anyMatch(m -> Objects.equals(m.cluster, t.cluster) && Objects.equals(m.cell, t.cell));
            if (!reported) {
                rows.add(new String[] {t.cluster, dash(t.cell), "no", "Unknown", "-", "-", "-", "no status reported yet"});
            }
        }
        return rows;
    }

    private static String rollout(BindingStatus.RolloutStatus r) {
        if (r == null || r.state == null) {
            return "Rollout: none";
        }
        return "Rollout: " + r.state + " at step " + r.step + (r.stepStarted == null ? "" : " (since " + r.stepStarted + ")")
                + (r.message == null || r.message.isBlank() ? "" : ": " + r.message);
    }

    private static String generation(BindingStatus.MemberStatus m) {
        if (m.generation == null && m.observedGeneration == null) {
            return "-";
        }
        return (m.observedGeneration == null ? "-" : m.observedGeneration) + "/" + (m.generation == null ? "-" : m.generation);
    }

    private static String message(BindingStatus.MemberStatus m) {
        if (m.lastError != null && !m.lastError.isBlank()) {
            return "error: " + m.lastError;
        }
        return m.message == null ? "" : m.message;
    }

    /** How long ago an RFC 3339 time was, as kubectl shows ages: {@code 45s}, {@code 3m}, {@code 2h}, {@code 4d}. */
    String age(String rfc3339) {
        if (rfc3339 == null || rfc3339.isBlank()) {
            return "never";
        }
        try {
            long s = Math.max(0, Duration.between(Instant.parse(rfc3339), clock.instant()).getSeconds());
            return s < 120 ? s + "s ago" : s < 7200 ? s / 60 + "m ago" : s < 172_800 ? s / 3600 + "h ago" : s / 86_400 + "d ago";
        } catch (DateTimeParseException e) {
            return rfc3339;
        }
    }

    private static String dash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }

    /** Rows under the header, aligned as kubectl aligns its tables ({@link dev.arca.cli.OutputOptions#table}). */
    static void table(PrintWriter out, List<String[]> rows) {
        if (rows.isEmpty()) {
            out.println("No member targets yet.");
            return;
        }
        dev.arca.cli.OutputOptions.table(out, HEADER, rows);
    }
}
