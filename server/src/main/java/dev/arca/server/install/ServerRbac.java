package dev.arca.server.install;

import dev.arca.server.resources.Crds;
import dev.arca.server.resources.Resources;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The server's permissions, split in three so that each can be read (and dropped) on its own; why
 * each rule is there is in docs/server-install.md:
 * <ul>
 *   <li>ClusterRole {@value #SERVER}: the arca.dev kinds (Environments read only), watched cluster-wide as the operator
 *       SDK does, with their status and finalizers;
 *   <li>ClusterRole {@value #BACKUP_RESTORE}: read every resource (backup) and write every resource
 *       (restore), including RBAC objects, which takes {@code bind} and {@code escalate};
 *   <li>Role {@value #SERVER} in the install namespace: the leader Lease, the location Secrets, Events.
 * </ul>
 * ClusterRoles are shared by every install; the ClusterRoleBindings carry the namespace in their name.
 */
final class ServerRbac {
    static final String SERVER = "arca-server";
    static final String BACKUP_RESTORE = "arca-backup-restore";
    private static final String RBAC_GROUP = "rbac.authorization.k8s.io";
    private static final List<String> READ = List.of("get", "list", "watch");
    private static final List<String> READ_WRITE = List.of("get", "list", "watch", "create", "update", "patch", "delete");

    private ServerRbac() {
    }

    /** ClusterRoles, ClusterRoleBindings, Role, RoleBinding, in apply order. */
    static List<HasMetadata> objects(String namespace) {
        List<HasMetadata> objects = new ArrayList<>();
        objects.add(clusterRole(SERVER, serverRules()));
        objects.add(clusterRole(BACKUP_RESTORE, backupRestoreRules()));
        objects.add(clusterBinding(SERVER, namespace));
        objects.add(clusterBinding(BACKUP_RESTORE, namespace));
        objects.add(namespaceRole(namespace));
        objects.add(namespaceBinding(namespace));
        return objects;
    }

    static List<PolicyRule> serverRules() {
        List<String> kinds = Crds.PLURALS.stream().filter(k -> !k.equals(Crds.ENVIRONMENTS)).toList();
        List<String> status = kinds.stream().map(k -> k + "/status").toList();
        List<String> finalizers = kinds.stream().map(k -> k + "/finalizers").toList();
        return List.of(
                rule(Resources.GROUP, kinds, READ_WRITE),
                rule(Resources.GROUP, List.of(Crds.ENVIRONMENTS), READ),
                rule(Resources.GROUP, status, List.of("get", "update", "patch")),
                rule(Resources.GROUP, finalizers, List.of("update")),
                rule("apiextensions.k8s.io", List.of("customresourcedefinitions"), READ));
    }

    static List<PolicyRule> backupRestoreRules() {
        return List.of(
                rule("*", List.of("*"), List.of("get", "list", "watch", "create", "update", "patch")),
                rule(RBAC_GROUP, List.of("roles", "clusterroles"), List.of("bind", "escalate")));
    }

    static List<PolicyRule> namespaceRules() {
        return List.of(
                rule("coordination.k8s.io", List.of("leases"), List.of("get", "list", "watch", "create", "update", "patch")),
                rule("", List.of("secrets"), READ),
                rule("", List.of("events"), List.of("create", "patch")),
                rule("events.k8s.io", List.of("events"), List.of("create", "patch")));
    }

    static String clusterBindingName(String role, String namespace) {
        return role + "-" + namespace;
    }

    private static PolicyRule rule(String group, List<String> resources, List<String> verbs) {
        return new PolicyRuleBuilder().withApiGroups(group).withResources(resources).withVerbs(verbs).build();
    }

    private static ClusterRole clusterRole(String name, List<PolicyRule> rules) {
        return new ClusterRoleBuilder().withMetadata(meta(name, null)).withRules(rules).build();
    }

    private static ClusterRoleBinding clusterBinding(String role, String namespace) {
        return new ClusterRoleBindingBuilder().withMetadata(meta(clusterBindingName(role, namespace), null))
                .withNewRoleRef(RBAC_GROUP, "ClusterRole", role)
                .withSubjects(new SubjectBuilder().withKind("ServiceAccount").withName(InstallManifests.SERVICE_ACCOUNT)
                        .withNamespace(namespace).build())
                .build();
    }

    private static Role namespaceRole(String namespace) {
        return new RoleBuilder().withMetadata(meta(SERVER, namespace)).withRules(namespaceRules()).build();
    }

    private static RoleBinding namespaceBinding(String namespace) {
        return new RoleBindingBuilder().withMetadata(meta(SERVER, namespace))
                .withNewRoleRef(RBAC_GROUP, "Role", SERVER)
                .withSubjects(new SubjectBuilder().withKind("ServiceAccount").withName(InstallManifests.SERVICE_ACCOUNT)
                        .withNamespace(namespace).build())
                .build();
    }

    private static ObjectMeta meta(String name, String namespace) {
        return new ObjectMetaBuilder().withName(name).withNamespace(namespace).withLabels(InstallManifests.labels()).build();
    }
}
