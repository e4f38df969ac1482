package dev.arca.fleet.hub;

import dev.arca.fleet.resources.FleetResources;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Tenancy on the hub is Kubernetes RBAC per workspace namespace: a tenant is bound, in its workspace
 * only, to the ClusterRole {@value #ROLE} (the fleet kinds a tenant writes, and read access to its
 * bindings) and to Kubernetes' {@code admin} role (its Secrets, ConfigMaps, workloads). It gets no
 * ClusterPropagationPolicy, no other namespace, and no execution namespace, where rendered objects
 * (Secrets included) wait for members. The controllers add the other half: a namespaced policy sees
 * only the members of its namespace's workspace and the objects of its own namespace.
 */
public final class WorkspaceAccess {
    public static final String ROLE = "arca-fleet-tenant";

    private WorkspaceAccess() {
    }

    /** Makes sure the ClusterRole exists and binds {@code subject} to it and to {@code admin} in {@code workspace}. */
    public static void grant(KubernetesClient hub, String workspace, Subject subject) {
        hub.rbac().clusterRoles().resource(new ClusterRoleBuilder().withNewMetadata().withName(ROLE).endMetadata()
                .withRules(new PolicyRuleBuilder().withApiGroups(FleetResources.GROUP)
                                .withResources("memberclusters", "cells", "propagationpolicies", "overridepolicies")
                                .withVerbs("get", "list", "watch", "create", "update", "patch", "delete").build(),
                        new PolicyRuleBuilder().withApiGroups(FleetResources.GROUP)
                                .withResources("memberclusters/status", "propagationpolicies/status", "resourcebindings",
                                        "resourcebindings/status")
                                .withVerbs("get", "list", "watch").build())
                .build()).serverSideApply();
        String name = "arca-fleet-" + subject.getKind().toLowerCase(java.util.Locale.ROOT) + "-"
                + FleetNames.shortened(subject.getName().replace(':', '-'), 40);
        for (String role : new String[] {ROLE, "admin"}) {
            hub.rbac().roleBindings().inNamespace(workspace).resource(new RoleBindingBuilder().withNewMetadata()
                    .withName(name + (role.equals("admin") ? "-admin" : "")).withNamespace(workspace).endMetadata()
                    .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName(role)
                    .endRoleRef().withSubjects(subject).build()).serverSideApply();
        }
    }
}
