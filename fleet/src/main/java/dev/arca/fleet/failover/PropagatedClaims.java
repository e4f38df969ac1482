package dev.arca.fleet.failover;

import dev.arca.fleet.resources.BindingStatus;
import dev.arca.fleet.resources.ObjectRef;
import dev.arca.fleet.resources.ResourceBinding;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Claims the fleet keeps on the failover's target member. The hub puts such a claim back, empty,
 * whenever it is missing there (cells of one member share it, so losing cell A's data does not take
 * it off the member), and a restore never writes volume data into a claim that exists: the Restore
 * would end Completed and the application would come up on cell B with an empty volume.
 */
final class PropagatedClaims {
    private PropagatedClaims() {
    }

    /**
     * One problem per PersistentVolumeClaim of {@code namespace} that a binding propagates to the
     * member {@code memberKey} ({@code workspace/name}); empty when none is. A binding being deleted
     * (its policy no longer selects the claim) is not in the way.
     */
    static List<String> inTheWay(List<ResourceBinding> bindings, String namespace, String memberKey, String toCell) {
        List<String> problems = new ArrayList<>();
        for (ResourceBinding b : bindings) {
            ObjectRef r = b.getSpec() == null ? null : b.getSpec().resource;
            boolean going = b.getMetadata().getDeletionTimestamp() != null; // the hub removes the claim, it does not put it back
            if (r == null || going || !"PersistentVolumeClaim".equals(r.kind) || !Objects.equals(namespace, r.namespace)
                    || !targets(b, memberKey)) {
                continue;
            }
            ObjectRef p = b.getSpec().policy;
            String member = memberKey.substring(memberKey.indexOf('/') + 1);
            problems.add("claim " + namespace + "/" + r.name + " is propagated to member " + member + ", where cell " + toCell
                    + " is, by " + (p == null ? "binding " + b.getMetadata().getName() : p.kind + " " + (p.namespace == null ? ""
                    : p.namespace + "/") + p.name) + ": the hub puts it back there, empty, whenever it is missing, and a restore"
                    + " never writes volume data into a claim that exists, so its data would not come back; take the claim out"
                    + " of that policy's resourceSelectors (the hub then removes it from " + member + "), fail over again, and"
                    + " select it again afterwards (the hub adopts the restored claim); or pass --without-data");
        }
        return problems;
    }

    private static boolean targets(ResourceBinding b, String memberKey) {
        List<BindingStatus.Target> targets = b.getStatus() == null ? List.of() : b.getStatus().targets;
        return targets.stream().anyMatch(t -> memberKey.equals(t.cluster));
    }
}
