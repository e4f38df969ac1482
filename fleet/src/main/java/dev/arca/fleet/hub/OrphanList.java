package dev.arca.fleet.hub;

import dev.arca.fleet.resources.MemberCluster;
import dev.arca.fleet.resources.MemberClusterStatus;
import dev.arca.fleet.resources.ObjectRef;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Changes a MemberCluster's {@code status.orphans} without losing anyone's change: read, change,
 * write with the resourceVersion read, and on a conflict read again. Two Works of one dead member
 * that time out at once, or a cleanup racing a new orphan, each keep their entry.
 */
final class OrphanList {
    private static final int ATTEMPTS = 10;

    private OrphanList() {
    }

    /** Applies {@code change} to the member's orphans; false when the member is gone. */
    static boolean update(KubernetesClient hub, String namespace, String name, UnaryOperator<List<ObjectRef>> change) {
        for (int attempt = 1; ; attempt++) {
            MemberCluster fresh = hub.resources(MemberCluster.class).inNamespace(namespace).withName(name).get();
            if (fresh == null) {
                return false;
            }
            if (fresh.getStatus() == null) {
                fresh.setStatus(new MemberClusterStatus());
            }
            List<ObjectRef> before = fresh.getStatus().orphans == null ? List.of() : fresh.getStatus().orphans;
            List<ObjectRef> after = change.apply(new ArrayList<>(before));
            if (after.equals(before) || sameRefs(after, before)) {
                return true;
            }
            fresh.getStatus().orphans = after;
            try {
                hub.resource(fresh).updateStatus(); // a PUT with the resourceVersion read: 409 when someone wrote meanwhile
                return true;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private static boolean sameRefs(List<ObjectRef> a, List<ObjectRef> b) {
        return a.stream().map(ObjectRef::toString).toList().equals(b.stream().map(ObjectRef::toString).toList());
    }
}
