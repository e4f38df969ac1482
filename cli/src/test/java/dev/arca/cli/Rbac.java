package dev.arca.cli;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

/**
 * A service account of the real control plane that may do only what its rules allow (through a
 * ClusterRole bound to it), and a kubeconfig that acts as it: how a test gets credentials the
 * cluster refuses. Closing it deletes the role and the binding; the account goes with its namespace.
 */
final class Rbac implements AutoCloseable {
    private final KubernetesClient admin;
    private final String role;
    private final Path kubeconfig;

    private Rbac(KubernetesClient admin, String role, Path kubeconfig) {
        this.admin = admin;
        this.role = role;
        this.kubeconfig = kubeconfig;
    }

    /** A rule allowing {@code verbs} on core-group {@code resources}. */
    static PolicyRule core(String resources, String verbs) {
        return new PolicyRuleBuilder().withApiGroups("").withResources(resources.split(",")).withVerbs(verbs.split(",")).build();
    }

    /** Account {@code account} in {@code namespace}, bound cluster-wide to a role of {@code rules} (none: no role at all). */
    static Rbac account(KubernetesClient admin, String namespace, String account, Path dir, PolicyRule... rules) throws IOException {
        admin.serviceAccounts().inNamespace(namespace).resource(new ServiceAccountBuilder().withNewMetadata().withName(account)
                .endMetadata().build()).create();
        String role = namespace + "-" + account;
        if (rules.length > 0) {
            admin.rbac().clusterRoles().resource(new ClusterRoleBuilder().withNewMetadata().withName(role).endMetadata()
                    .withRules(rules).build()).create();
            admin.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder().withNewMetadata().withName(role).endMetadata()
                    .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", role)
                    .addNewSubject().withKind("ServiceAccount").withName(account).withNamespace(namespace).endSubject().build()).create();
        }
        return new Rbac(admin, role, kubeconfig(admin, token(admin, namespace, account), dir.resolve(account + ".kubeconfig")));
    }

    Path kubeconfig() {
        return kubeconfig;
    }

    /** A kubeconfig for the admin client's server with {@code token} (which the server may refuse). */
    static Path kubeconfig(KubernetesClient admin, String token, Path file) throws IOException {
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {server: "%s", insecure-skip-tls-verify: true}}]
                users: [{name: u, user: {token: %s}}]
                contexts: [{name: c, context: {cluster: c, user: u}}]
                current-context: c
                """.formatted(admin.getMasterUrl(), token));
        return file;
    }

    /** The account's token, once the token controller has made its Secret. */
    private static String token(KubernetesClient admin, String namespace, String account) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> admin.secrets().inNamespace(namespace).list().getItems().stream()
                .filter(s -> "kubernetes.io/service-account-token".equals(s.getType()))
                .filter(s -> account.equals(s.getMetadata().getAnnotations().get("kubernetes.io/service-account.name")))
                .map(s -> new String(Base64.getDecoder().decode(s.getData().get("token")), StandardCharsets.UTF_8))
                .findFirst().orElse(null), t -> t != null);
    }

    @Override
    public void close() {
        admin.rbac().clusterRoleBindings().withName(role).delete();
        admin.rbac().clusterRoles().withName(role).delete();
    }
}
