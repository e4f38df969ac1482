package dev.arca.fleet.hub;

import dev.arca.fleet.agent.FleetAgent;
import dev.arca.fleet.resources.FleetResources;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * What a Pull-mode member's agent may do on the hub, and its credentials: a ServiceAccount
 * {@value #ACCOUNT} in the member's execution namespace with a Role that reaches only that namespace
 * (its Works and their status, its Lease, its orphan list), and a kubeconfig holding a bound token
 * for it. The agent can read no other member's work and no Secret at all.
 */
public final class AgentAccess {
    public static final String ACCOUNT = "arca-agent";

    private AgentAccess() {
    }

    /** Creates (or keeps) the execution namespace, account, Role and binding; returns an agent kubeconfig valid for {@code ttl}. */
    public static byte[] grant(KubernetesClient hub, String memberNamespace, String memberName, Duration ttl) {
        String ns = FleetNames.executionNamespace(memberNamespace, memberName);
        Kube.createIfAbsent(hub, new NamespaceBuilder().withNewMetadata().withName(ns)
                .addToLabels(FleetResources.MEMBER_LABEL, FleetNames.memberLabel(memberNamespace, memberName))
                .endMetadata().build());
        Kube.createIfAbsent(hub, new ServiceAccountBuilder().withNewMetadata().withName(ACCOUNT).withNamespace(ns)
                .endMetadata().build());
        hub.rbac().roles().inNamespace(ns).resource(new RoleBuilder().withNewMetadata().withName(ACCOUNT).endMetadata()
                .withRules(new PolicyRuleBuilder().withApiGroups(FleetResources.GROUP).withResources("works")
                                .withVerbs("get", "list", "watch", "update", "patch").build(),
                        new PolicyRuleBuilder().withApiGroups(FleetResources.GROUP).withResources("works/status")
                                .withVerbs("get", "update", "patch").build(),
                        new PolicyRuleBuilder().withApiGroups("coordination.k8s.io").withResources("leases")
                                .withResourceNames(FleetAgent.LEASE).withVerbs("get", "update", "patch").build(),
                        new PolicyRuleBuilder().withApiGroups("coordination.k8s.io").withResources("leases")
                                .withVerbs("create").build(),
                        new PolicyRuleBuilder().withApiGroups("").withResources("configmaps")
                                .withResourceNames(FleetAgent.ORPHANS).withVerbs("get", "update", "patch").build())
                .build()).serverSideApply();
        hub.rbac().roleBindings().inNamespace(ns).resource(new RoleBindingBuilder().withNewMetadata().withName(ACCOUNT)
                .endMetadata().withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role").withName(ACCOUNT)
                .endRoleRef().addNewSubject().withKind("ServiceAccount").withName(ACCOUNT).withNamespace(ns).endSubject()
                .build()).serverSideApply();
        TokenRequest request = new TokenRequestBuilder().withNewSpec().withExpirationSeconds(ttl.toSeconds()).endSpec().build();
        String token = hub.serviceAccounts().inNamespace(ns).withName(ACCOUNT).tokenRequest(request).getStatus().getToken();
        return kubeconfig(hub.getConfiguration(), ns, token);
    }

    private static byte[] kubeconfig(Config hub, String namespace, String token) {
        String ca = hub.getCaCertData() != null ? "    certificate-authority-data: " + hub.getCaCertData() + "\n"
                : hub.getCaCertFile() != null ? "    certificate-authority-data: " + caFile(hub.getCaCertFile()) + "\n"
                : "    insecure-skip-tls-verify: true\n";
        String text = "apiVersion: v1\nkind: Config\nclusters:\n- name: hub\n  cluster:\n    server: "
                + hub.getMasterUrl().replaceAll("/+$", "") + "\n" + ca
                + "users:\n- name: " + ACCOUNT + "\n  user:\n    token: " + token + "\n"
                + "contexts:\n- name: hub\n  context: {cluster: hub, user: " + ACCOUNT + ", namespace: " + namespace + "}\n"
                + "current-context: hub\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String caFile(String path) {
        try {
            return Base64.getEncoder().encodeToString(java.nio.file.Files.readAllBytes(java.nio.file.Path.of(path)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("reading the hub's CA file " + path, e);
        }
    }
}
