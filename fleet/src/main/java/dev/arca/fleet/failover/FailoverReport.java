package dev.arca.fleet.failover;

import java.util.ArrayList;
import java.util.List;

/**
 * What a failover did, or would do with {@code dryRun}: per namespace the objects that move, the
 * backup restored and the Restore made on the new cell's member with its phase; the policies changed;
 * and the problems that stopped it (then nothing was changed).
 */
public record FailoverReport(String fromCell, String toCell, boolean dryRun, List<Namespace> namespaces, List<String> policies,
                             List<String> problems) {

    /** One namespace of the moving applications. */
    public record Namespace(String name, List<String> objects, String backup, String restore, String phase) {
    }

    static FailoverReport empty(String from, String to, boolean dryRun) {
        return new FailoverReport(from, to, dryRun, new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    }

    public boolean blocked() {
        return !problems.isEmpty();
    }

    /** The report as text, one block, the way the CLI prints it. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append(dryRun ? "Failover plan " : "Failover ").append(fromCell).append(" -> ").append(toCell).append('\n');
        for (String p : problems) {
            sb.append("  BLOCKED: ").append(p).append('\n');
        }
        for (Namespace n : namespaces) {
            sb.append("  namespace ").append(n.name()).append(": ").append(n.objects().size()).append(" object(s) move ")
                    .append(n.objects()).append('\n');
            sb.append("    data: ").append(n.backup() == null ? "no backup restored" : "backup " + n.backup()
                    + (n.restore() == null ? "" : " -> Restore " + n.restore() + " " + n.phase())).append('\n');
        }
        for (String p : policies) {
            sb.append("  policy ").append(p).append('\n');
        }
        if (namespaces.isEmpty() && problems.isEmpty()) {
            sb.append("  nothing is placed on cell ").append(fromCell).append('\n');
        }
        return sb.toString();
    }
}
