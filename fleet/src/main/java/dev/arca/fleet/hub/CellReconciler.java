package dev.arca.fleet.hub;

import dev.arca.fleet.resources.Cell;
import dev.arca.fleet.resources.CellStatus;
import dev.arca.fleet.resources.MemberCluster;
import dev.arca.server.controller.StatusPatch;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.util.List;

/**
 * Tells a Cell's author whether it makes sense: condition Ready is False, with an Event, when the
 * cell names no MemberCluster of its namespace or has an empty node selector (it would be the whole
 * cluster). Placement ignores such a cell.
 */
final class CellReconciler implements Reconciler<Cell> {
    private final HubContext hub;

    CellReconciler(HubContext hub) {
        this.hub = hub;
    }

    @Override
    public UpdateControl<Cell> reconcile(Cell cell, Context<Cell> context) {
        String ns = cell.getMetadata().getNamespace();
        String cluster = cell.getSpec() == null ? null : cell.getSpec().cluster;
        String problem = null;
        if (cluster == null || hub.caches().get(MemberCluster.class, ns, cluster).isEmpty()) {
            problem = "cell " + ns + "/" + cell.getMetadata().getName() + " names member cluster \"" + cluster
                    + "\", which is not joined in workspace " + ns + "; join it there or fix spec.cluster";
        } else if (cell.getSpec().nodeSelector == null || cell.getSpec().nodeSelector.isEmpty()) {
            problem = "cell " + ns + "/" + cell.getMetadata().getName() + " has no nodeSelector, so it would be all of "
                    + cluster + "; give it the node labels of its nodes";
        }
        List<io.fabric8.kubernetes.api.model.Condition> before = cell.getStatus() == null ? List.of() : cell.getStatus().conditions;
        String reason = problem == null ? "ClusterJoined" : cluster == null || problem.contains("not joined") ? "UnknownCluster"
                : "EmptyNodeSelector";
        CellStatus status = new CellStatus();
        status.conditions = StatusPatch.setCondition(before, "Ready", problem == null, reason,
                problem == null ? "on member cluster " + cluster : problem, hub.clock().instant());
        boolean changed = before.stream().noneMatch(c -> "Ready".equals(c.getType()) && reason.equals(c.getReason()));
        if (changed) {
            StatusWrite.patch(hub.client(), cell, status);
            if (problem != null) {
                hub.events().warning(cell, reason, problem);
            }
        }
        return UpdateControl.<Cell>noUpdate().rescheduleAfter(hub.resync().multipliedBy(6));
    }
}
