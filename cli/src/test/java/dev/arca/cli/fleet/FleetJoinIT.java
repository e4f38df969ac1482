package dev.arca.cli.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.cli.ArcaCommand;
import dev.arca.fleet.members.FleetKey;
import dev.arca.fleet.members.MemberClients;
import dev.arca.fleet.resources.FleetResources;
import dev.arca.fleet.resources.MemberCluster;
import dev.arca.fleet.resources.MemberClusterSpec;
import dev.arca.testkit.kube.ControlPlaneExtension;
import dev.arca.testkit.kube.LocalControlPlane;
import dev.arca.testkit.kube.TestNamespace;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code arca fleet join|get|unjoin} on two real control planes: the hub (the extension's) and a
 * member started here. No hub runtime runs, so nothing but the test adds the cleanup finalizer.
 */
@ExtendWith(ControlPlaneExtension.class)
class FleetJoinIT {
    private static final String PASSPHRASE = "fleet join it passphrase";
    private static LocalControlPlane member;
    @TempDir
    Path home;
    private final Map<String, String> env = new HashMap<>();

    @BeforeAll
    static void startMember() {
        member = LocalControlPlane.start();
    }

    @AfterAll
    static void stopMember() {
        if (member != null) {
            member.close();
        }
    }

    @BeforeEach
    void environment(LocalControlPlane hub) {
        env.put("ARCA_HOME", home.toString());
        env.put("KUBECONFIG", hub.kubeconfig().toString());
        env.put(FleetKey.PASSPHRASE_ENV, PASSPHRASE);
    }

    @Test
    void joinSealsTheMembersKubeconfigSoOnlyTheFleetKeyOpensItAndGetListsTheMember(KubernetesClient hub, TestNamespace ns)
            throws Exception {
        String kubeconfig = Files.readString(member.kubeconfig());
        String token = kubeconfig.replaceAll("(?s).*token: (\\S+).*", "$1");
        assertThat(token).hasSizeGreaterThan(8).doesNotContain("\n");

        Result joined = arca("fleet", "join", "east", "-n", ns.name(), "--member-kubeconfig", member.kubeconfig().toString(),
                "--labels", "tier=gold,team=a", "--region", "eu", "--zone", "eu-1", "--provider", "onprem");

        assertThat(joined.code()).as(joined.toString()).isZero();
        assertThat(joined.out()).contains("joined workspace \"" + ns.name() + "\" in Push mode").doesNotContain(token);
        Secret secret = hub.secrets().inNamespace(ns.name()).withName("east-credentials").get();
        assertThat(secret).isNotNull();
        for (String value : secret.getData().values()) {
            String decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.ISO_8859_1);
            for (String text : new String[] {value, decoded}) {
                assertThat(text).doesNotContain(token).doesNotContain(member.apiServerUrl()).doesNotContain("apiVersion");
            }
        }
        MemberCluster m = hub.resources(MemberCluster.class).inNamespace(ns.name()).withName("east").get();
        assertThat(m.getSpec().apiEndpoint).isEqualTo(member.apiServerUrl());
        assertThat(m.getSpec().syncMode).isEqualTo(MemberClusterSpec.SyncMode.Push);
        assertThat(m.getSpec().credentials.name).isEqualTo("east-credentials");
        assertThat(m.getMetadata().getLabels()).containsEntry("tier", "gold").containsEntry("team", "a")
                .containsEntry(FleetResources.REGION_LABEL, "eu").containsEntry(FleetResources.ZONE_LABEL, "eu-1")
                .containsEntry(FleetResources.PROVIDER_LABEL, "onprem");

        try (MemberClients clients = new MemberClients(hub, FleetKey.from(env, null), java.time.Duration.ZERO)) {
            KubernetesClient east = clients.client(m);
            assertThat(east.namespaces().list().getItems()).extracting(n -> n.getMetadata().getName()).contains("kube-system");
            assertThat(east.getMasterUrl().toString()).startsWith(member.apiServerUrl());
            assertThat(clients.client(m)).isSameAs(east);

            Result rejoined = arca("fleet", "join", "east", "-n", ns.name(), "--member-kubeconfig", member.kubeconfig().toString(),
                    "--labels", "tier=silver", "--region", "eu", "--zone", "eu-1");
            assertThat(rejoined.code()).as(rejoined.toString()).isZero();
            KubernetesClient resealed = clients.client(m);
            assertThat(resealed).isNotSameAs(east);
            assertThat(resealed.namespaces().withName("kube-system").get()).isNotNull();
            clients.forget(MemberClients.memberKey(m));
            assertThat(clients.client(m)).isNotSameAs(resealed);
        }
        assertThat(hub.resources(MemberCluster.class).inNamespace(ns.name()).withName("east").get().getMetadata().getLabels())
                .containsEntry("tier", "silver").doesNotContainKey("team").doesNotContainKey(FleetResources.PROVIDER_LABEL);
        try (MemberClients wrongKey = new MemberClients(hub, FleetKey.from(Map.of(FleetKey.PASSPHRASE_ENV, "not the fleet key"), null))) {
            assertThatThrownBy(() -> wrongKey.client(m)).hasMessageContaining(ns.name() + "/east").hasMessageNotContaining(token);
        }

        Result table = arca("fleet", "get", "clusters", "-n", ns.name());
        assertThat(table.code()).as(table.toString()).isZero();
        assertThat(table.out()).contains("NAME", "WORKSPACE", "MODE", "READY", "LAST-SEEN", "REGION", "ZONE", "VERSION", "AGE")
                .containsPattern("east\\s+" + ns.name() + "\\s+Push\\s+Unknown\\s+<never>\\s+eu\\s+eu-1");
        Result all = arca("fleet", "get", "clusters", "-A", "-o", "json");
        assertThat(all.code()).as(all.toString()).isZero();
        JsonNode items = new ObjectMapper().readTree(all.out()).path("items");
        assertThat(items.findValuesAsText("name")).contains("east");
        Result cells = arca("fleet", "get", "cells", "-n", ns.name());
        assertThat(cells.code()).as(cells.toString()).isZero();
        assertThat(cells.out()).contains("No resources found.");
    }

    @Test
    void joiningAnUnreachableMemberExitsOneAndWritesNothing(KubernetesClient hub) throws Exception {
        String token = Files.readString(member.kubeconfig()).replaceAll("(?s).*token: (\\S+).*", "$1");
        Path dead = Files.writeString(home.resolve("dead-kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: dead, cluster: {server: "https://127.0.0.1:1", insecure-skip-tls-verify: true}}]
                users: [{name: u, user: {token: %s}}]
                contexts: [{name: dead, context: {cluster: dead, user: u}}]
                current-context: dead
                """.formatted(token));
        String workspace = "fleet-dead-" + Long.toHexString(System.nanoTime());

        Result joined = arca("fleet", "join", "gone", "-n", workspace, "--member-kubeconfig", dead.toString(), "--probe-timeout", "3s");

        assertThat(joined.code()).as(joined.toString()).isEqualTo(1);
        assertThat(joined.err()).contains("member cluster \"gone\"").contains("cannot be reached").contains("GET /version")
                .contains("nothing was written").doesNotContain(token).doesNotContain("null");
        Namespace ns = hub.namespaces().withName(workspace).get();
        assertThat(ns).isNull();
        assertThat(hub.secrets().inAnyNamespace().withLabel(FleetResources.MEMBER_LABEL, workspace + ".gone").list().getItems()).isEmpty();
    }

    @Test
    void aPullMemberStoresNoCredentialsAndSaysHowToStartTheAgent(KubernetesClient hub, TestNamespace ns) {
        Result joined = arca("fleet", "join", "edge", "-n", ns.name(), "--pull");

        assertThat(joined.code()).as(joined.toString()).isZero();
        assertThat(joined.out()).contains("arca fleet agent --hub-kubeconfig").contains("--member edge");
        assertThat(joined.out()).as("the Helm install of the agent as a Pod").contains("--from-file=kubeconfig=HUB_KUBECONFIG")
                .contains("--set fleetAgent.enabled=true --set fleetAgent.memberName=edge --set fleetAgent.workspace=" + ns.name()
                        + " --set fleetAgent.hubKubeconfigSecret=arca-fleet-hub");
        assertThat(hub.secrets().inNamespace(ns.name()).withName("edge-credentials").get()).isNull();
        MemberCluster m = hub.resources(MemberCluster.class).inNamespace(ns.name()).withName("edge").get();
        assertThat(m.getSpec().syncMode).isEqualTo(MemberClusterSpec.SyncMode.Pull);
        try (MemberClients clients = new MemberClients(hub, FleetKey.from(env, null), java.time.Duration.ZERO)) {
            assertThatThrownBy(() -> clients.client(m)).isInstanceOf(IllegalStateException.class)
                    .hasMessage("member " + ns.name() + "/edge is in Pull mode; the hub holds no credentials for it");
        }
    }

    @Test
    void unjoinRemovesTheMemberClusterAndItsSecret(KubernetesClient hub, TestNamespace ns) {
        join(ns.name(), "west");

        Result unjoined = arca("fleet", "unjoin", "west", "-n", ns.name(), "--timeout", "30s");

        assertThat(unjoined.code()).as(unjoined.toString()).isZero();
        assertThat(hub.resources(MemberCluster.class).inNamespace(ns.name()).withName("west").get()).isNull();
        assertThat(hub.secrets().inNamespace(ns.name()).withName("west-credentials").get()).isNull();
        Result again = arca("fleet", "unjoin", "west", "-n", ns.name());
        assertThat(again.code()).as(again.toString()).isEqualTo(1);
        assertThat(again.err()).contains("member cluster \"west\" is not in workspace \"" + ns.name() + "\"");
    }

    @Test
    void unjoinWaitsForTheCleanupFinalizerAndForceDropsItSayingWhatMayBeLeft(KubernetesClient hub, TestNamespace ns) {
        join(ns.name(), "north");
        var resource = hub.resources(MemberCluster.class).inNamespace(ns.name()).withName("north");
        resource.edit(m -> {
            m.getMetadata().getFinalizers().add(FleetUnjoinCommand.CLEANUP_FINALIZER);
            return m;
        });

        Result waited = arca("fleet", "unjoin", "north", "-n", ns.name(), "--timeout", "2s");

        assertThat(waited.code()).as(waited.toString()).isEqualTo(1);
        assertThat(waited.err()).contains("still there after").contains(FleetUnjoinCommand.CLEANUP_FINALIZER).contains("--force");
        assertThat(resource.get().getMetadata().getDeletionTimestamp()).isNotNull();
        assertThat(hub.secrets().inNamespace(ns.name()).withName("north-credentials").get()).isNotNull();

        Result forced = arca("fleet", "unjoin", "north", "-n", ns.name(), "--timeout", "2s", "--force");

        assertThat(forced.code()).as(forced.toString()).isZero();
        assertThat(forced.err()).contains("warning: removed finalizer " + FleetUnjoinCommand.CLEANUP_FINALIZER)
                .contains("may be left on it").contains(FleetResources.BINDING_LABEL);
        assertThat(resource.get()).isNull();
        assertThat(hub.secrets().inNamespace(ns.name()).withName("north-credentials").get()).isNull();
    }

    private void join(String workspace, String name) {
        Result joined = arca("fleet", "join", name, "-n", workspace, "--member-kubeconfig", member.kubeconfig().toString());
        assertThat(joined.code()).as(joined.toString()).isZero();
    }

    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Result arca(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ArcaCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), env, args);
        return new Result(code, out.toString(), err.toString());
    }
}
