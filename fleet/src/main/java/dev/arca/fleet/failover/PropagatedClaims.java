package dev.arca.fleet.failover;

import dev.arca.fleet.agent.WorkApplier;
import dev.arca.fleet.resources.BindingStatus;
import dev.arca.fleet.resources.ObjectRef;
import dev.arca.fleet.resources.ResourceBinding;
import dev.arca.fleet.resources.Work;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Claims the fleet propagates to the failover's target member and that exist there. Cells of one
 * member share a claim, and a restore never writes volume data into a claim that exists: the Restore
 * would end Completed and the application would come up on cell B with whatever that claim holds. A
 * claim lost on the member is not put back by the hub (an empty one would hide the loss), so a lost
 * claim is not in the way; one that is there is either intact or was made again by hand.
 */
final class PropagatedClaims {
    private PropagatedClaims() {
    }

    /**
     * One problem per PersistentVolumeClaim of {@code namespace} that a binding propagates to the
     * member {@code memberKey} ({@code workspace/name}); empty when none is. A binding being deleted
     * (its policy no longer selects the claim) is not in the way.
     */
    static List<String> inTheWay(List<ResourceBinding> bindings, String namespace, String memberKey, String toCell,
                                 java.util.function.Predicate<String> existsOnMember) {
        List<String> problems = new ArrayList<>();
        for (ResourceBinding b : bindings) {
            ObjectRef r = b.getSpec() == null ? null : b.getSpec().resource;
            boolean going = b.getMetadata().getDeletionTimestamp() != null; // the hub removes the claim, it does not put it back
            if (r == null || going || !"PersistentVolumeClaim".equals(r.kind) || !Objects.equals(namespace, r.namespace)
                    || !targets(b, memberKey) || !existsOnMember.test(r.name)) {
                continue;
            }
            ObjectRef p = b.getSpec().policy;
            String member = memberKey.substring(memberKey.indexOf('/') + 1);
            problems.add("claim " + namespace + "/" + r.name + ", which " + (p == null ? "binding " + b.getMetadata().getName()
                    : p.kind + " " + (p.namespace == null ? "" : p.namespace + "/") + p.name) + " propagates, exists (or is being"
                    + " made) on member "
                    + member + ", where cell " + toCell + " is: a restore leaves an existing claim as it is. If its data is"
                    + " intact, pass --without-data; if it is lost, delete the claim on " + member + " (the fleet does not put"
                    + " a deleted claim back) and fail over again to restore it");
        }
        return problems;
    }

    /**
     * Whether a claim of {@code namespace} is, or is about to be, on the member: it exists there, or its Work (in the
     * member's execution namespace on the hub) is about to be applied (never applied yet, or a new version); a Work
     * that reports the claim lost, or one applied that the member no longer holds, is not made again by the hub.
     */
    static java.util.function.Predicate<String> onMember(KubernetesClient hub, KubernetesClient member,
                                                         String workspace, String memberName, String namespace) {
        String executionNamespace = dev.arca.fleet.hub.FleetNames.executionNamespace(workspace, memberName);
        List<Work> works = hub.resources(Work.class).inNamespace(executionNamespace).list().getItems();
        return claim -> member.persistentVolumeClaims().inNamespace(namespace).withName(claim).get() != null
                || works.stream().filter(w -> isClaim(w, namespace, claim)).anyMatch(w -> WorkApplier.willApply(w, w.getStatus()));
    }

    private static boolean isClaim(Work w, String namespace, String claim) {
        Object m = w.getSpec() == null || w.getSpec().manifest == null ? null : w.getSpec().manifest.getValue();
        if (!(m instanceof Map<?, ?> map) || !"PersistentVolumeClaim".equals(map.get("kind"))
                || !(map.get("metadata") instanceof Map<?, ?> meta)) {
            return false;
        }
        return claim.equals(meta.get("name")) && namespace.equals(meta.get("namespace"));
    }

    private static boolean targets(ResourceBinding b, String memberKey) {
        List<BindingStatus.Target> targets = b.getStatus() == null ? List.of() : b.getStatus().targets;
        return targets.stream().anyMatch(t -> memberKey.equals(t.cluster));
    }
}
