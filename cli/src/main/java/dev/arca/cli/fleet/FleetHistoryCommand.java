package dev.arca.cli.fleet;

import dev.arca.cli.ExitCode;
import dev.arca.fleet.store.FleetHistory;
import dev.arca.fleet.store.PropagationRecord;
import dev.arca.fleet.store.StatusRecord;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code arca fleet history NAMESPACE/BINDING --store URL}: the audit log of a binding's propagations
 * and its members' status history, newest first, from the hub's SQL store.
 */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Show a binding's propagation audit log and status history from the hub's SQL store.")
final class FleetHistoryCommand extends HubCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAMESPACE/BINDING", description = "The ResourceBinding, as 'arca fleet status' names it.")
    String binding;
    @Option(names = "--store", required = true, paramLabel = "JDBC_URL", description = "The hub's store (as given to 'arca fleet hub').")
    String store;
    @Option(names = "--limit", defaultValue = "50", description = "At most this many lines of each (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        try (FleetHistory history = FleetHistory.open(store, env)) {
            List<PropagationRecord> audit = history.audit(binding, limit);
            out().println("Propagations of " + binding + " (newest first):");
            for (PropagationRecord r : audit) {
                out().printf("  %s  %-14s %s on %s%s  version %s%n", r.at(), r.action(), r.object(), r.cluster(),
                        r.cell() == null ? "" : " cell " + r.cell(), r.templateHash() == null ? "-" : r.templateHash());
            }
            List<StatusRecord> status = history.statusHistory(binding, limit);
            out().println("Member status (newest first):");
            for (StatusRecord r : status) {
                out().printf("  %s  %s%s  %s%s%s%n", r.at(), r.cluster(), r.cell() == null ? "" : "#" + r.cell(),
                        r.applied() ? "applied " : "not applied ", r.health() == null ? "Unknown" : r.health(),
                        r.stale() ? " (stale)" : "", r.message() == null ? "" : ": " + r.message());
            }
            if (audit.isEmpty() && status.isEmpty()) {
                out().println("  (nothing recorded: is this the binding's namespace/name, and does the hub run with --store?)");
            }
        }
        return ExitCode.OK;
    }
}
