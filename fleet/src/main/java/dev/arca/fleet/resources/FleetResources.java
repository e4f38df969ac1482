package dev.arca.fleet.resources;

import io.fabric8.kubernetes.client.CustomResource;
import java.util.List;

/** The fleet's API group, version, well-known labels and the kinds whose CRDs the hub installs. */
public final class FleetResources {
    public static final String GROUP = "fleet.arca.dev";
    public static final String VERSION = "v1alpha1";
    /** {@code kubectl get fleet} lists every fleet resource. */
    public static final String CATEGORY = "fleet";
    /** The hub's own namespace: its Lease, and the bindings of cluster-scoped objects. */
    public static final String SYSTEM_NAMESPACE = "arca-fleet";
    /** Region and zone of a member cluster, as labels on its MemberCluster (Kubernetes' topology keys). */
    public static final String REGION_LABEL = "topology.kubernetes.io/region";
    public static final String ZONE_LABEL = "topology.kubernetes.io/zone";
    public static final String PROVIDER_LABEL = GROUP + "/provider";
    /**
     * On a hub namespace: the workspace (the namespace of MemberClusters) whose members the
     * PropagationPolicies of this namespace may place on. Without it a namespace is its own
     * workspace. Only who may label namespaces (a cluster administrator) can set it.
     */
    public static final String WORKSPACE_LABEL = GROUP + "/workspace";
    /** On a Work: the member it is for ({@code namespace.name} of the MemberCluster). */
    public static final String MEMBER_LABEL = GROUP + "/member";
    /** On a Work and on every object the fleet applies to a member: the binding it comes from. */
    public static final String BINDING_LABEL = GROUP + "/binding";
    /**
     * On every propagated hub object: its binding's aggregate in words ({@code 3/3 applied, 3 healthy}), written
     * by the hub when it changes; never propagated to members.
     */
    public static final String AGGREGATE_ANNOTATION = GROUP + "/aggregate";
    /** On every Work: its member's copy is dealt with (removed, or recorded as an orphan) before the Work goes. */
    public static final String WORK_FINALIZER = GROUP + "/member-cleanup";
    /** The field manager of every server-side apply the fleet makes on a member. */
    public static final String FIELD_MANAGER = "arca-fleet";

    private FleetResources() {
    }

    /** The custom resource classes whose CRDs the hub installs, in install order. */
    public static List<Class<? extends CustomResource<?, ?>>> kinds() {
        return List.of(MemberCluster.class, Cell.class, PropagationPolicy.class, ClusterPropagationPolicy.class,
                OverridePolicy.class, ResourceBinding.class, Work.class);
    }
}
