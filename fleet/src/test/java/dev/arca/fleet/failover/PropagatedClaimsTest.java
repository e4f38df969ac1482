package dev.arca.fleet.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.fleet.resources.BindingSpec;
import dev.arca.fleet.resources.BindingStatus;
import dev.arca.fleet.resources.ObjectRef;
import dev.arca.fleet.resources.ResourceBinding;
import java.util.List;
import org.junit.jupiter.api.Test;

class PropagatedClaimsTest {

    @Test
    void aClaimTheFleetPropagatesThatExistsOnTheTargetMemberIsInTheWayAndTheProblemSaysWhatToDo() {
        List<String> problems = PropagatedClaims.inTheWay(List.of(binding("PersistentVolumeClaim", "shop", "data", "team/dc1")),
                "shop", "team/dc1", "cell-b", "data"::equals);

        assertThat(problems).singleElement().satisfies(p -> assertThat(p)
                .contains("claim shop/data, which PropagationPolicy shop/api propagates, exists (or is being made) on member dc1, where cell cell-b is")
                .contains("a restore leaves an existing claim as it is")
                .contains("delete the claim on dc1")
                .contains("--without-data"));
    }

    @Test
    void aClaimLostOnTheTargetMemberIsNotInTheWayTheRestoreBringsItBack() {
        assertThat(PropagatedClaims.inTheWay(List.of(binding("PersistentVolumeClaim", "shop", "data", "team/dc1")),
                "shop", "team/dc1", "cell-b", claim -> false)).isEmpty();
    }

    @Test
    void aClaimWhoseBindingIsBeingDeletedIsNotInTheWay() {
        ResourceBinding going = binding("PersistentVolumeClaim", "shop", "data", "team/dc1");
        going.getMetadata().setDeletionTimestamp("2026-12-06T07:50:00Z");

        assertThat(PropagatedClaims.inTheWay(List.of(going), "shop", "team/dc1", "cell-b", claim -> true)).isEmpty();
    }

    @Test
    void claimsOnOtherMembersOrInOtherNamespacesAndOtherKindsAreNotInTheWay() {
        List<ResourceBinding> bindings = List.of(
                binding("PersistentVolumeClaim", "shop", "data", "team/dc2"),
                binding("PersistentVolumeClaim", "other", "data", "team/dc1"),
                binding("Deployment", "shop", "api", "team/dc1"),
                binding("PersistentVolumeClaim", "shop", "unplaced", null));

        assertThat(PropagatedClaims.inTheWay(bindings, "shop", "team/dc1", "cell-b", claim -> true)).isEmpty();
    }

    private static ResourceBinding binding(String kind, String namespace, String name, String member) {
        ResourceBinding b = new ResourceBinding();
        b.getMetadata().setNamespace(namespace);
        b.getMetadata().setName(namespace + "." + kind.toLowerCase() + "-" + name);
        b.setSpec(new BindingSpec());
        b.getSpec().resource = new ObjectRef("v1", kind, namespace, name);
        b.getSpec().policy = new ObjectRef("fleet.arca.dev/v1alpha1", "PropagationPolicy", namespace, "api");
        b.setStatus(new BindingStatus());
        if (member != null) {
            BindingStatus.Target t = new BindingStatus.Target();
            t.cluster = member;
            t.cell = "cell-a";
            b.getStatus().targets.add(t);
        }
        return b;
    }
}
