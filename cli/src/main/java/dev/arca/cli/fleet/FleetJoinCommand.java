package dev.arca.cli.fleet;

import dev.arca.api.ArcaException;
import dev.arca.api.Durations;
import dev.arca.cli.ExitCode;
import dev.arca.engine.ClusterAccess;
import dev.arca.fleet.members.FleetCrds;
import dev.arca.fleet.members.FleetKey;
import dev.arca.fleet.members.Kubeconfigs;
import dev.arca.fleet.members.MemberClients;
import dev.arca.fleet.members.MemberCredentials;
import dev.arca.fleet.members.MemberProbe;
import dev.arca.fleet.members.Probe;
import dev.arca.fleet.resources.FleetResources;
import dev.arca.fleet.resources.MemberCluster;
import dev.arca.fleet.resources.MemberClusterSpec;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code arca fleet join NAME}: registers a member with the hub. Push: the member is probed first
 * (nothing is written when it does not answer), its kubeconfig flattened to one context and sealed
 * into Secret {@code NAME-credentials}. Pull: no credentials are stored; the agent beside the member
 * connects out to the hub.
 */
@Command(name = "join", mixinStandardHelpOptions = true,
        description = "Join a member cluster to the hub (the current kubeconfig context); its credentials are sealed with the fleet key.")
final class FleetJoinCommand extends HubCommand implements Callable<Integer> {
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    @Parameters(index = "0", paramLabel = "NAME", description = "The member's name on the hub (a DNS label).") String name;
    @Option(names = {"-n", "--namespace"}, defaultValue = FleetCommand.DEFAULT_WORKSPACE,
            description = "The hub workspace namespace (default: ${DEFAULT-VALUE}; created if absent).") String workspace;
    @Option(names = "--member-kubeconfig", paramLabel = "FILE", description = "The member's kubeconfig (required unless --pull).")
    Path memberKubeconfig;
    @Option(names = "--member-context", description = "The context of --member-kubeconfig to use (default: its current one).")
    String memberContext;
    @Option(names = "--labels", split = ",", paramLabel = "KEY=VALUE", description = "Labels of the MemberCluster, for placement.")
    Map<String, String> labels = new LinkedHashMap<>();
    @Option(names = "--region", description = "Topology label " + FleetResources.REGION_LABEL + ".") String region;
    @Option(names = "--zone", description = "Topology label " + FleetResources.ZONE_LABEL + ".") String zone;
    @Option(names = "--provider", description = "Label " + FleetResources.PROVIDER_LABEL + ".") String provider;
    @Option(names = "--pull", description = "Pull mode: an agent beside the member fetches its work; the hub stores no credentials.")
    boolean pull;
    @Option(names = "--fleet-key-file", paramLabel = "FILE",
            description = "A file of 32+ random bytes (mode 600) sealing the credentials; default: $" + FleetKey.PASSPHRASE_ENV + ".")
    Path fleetKeyFile;
    @Option(names = "--agent-kubeconfig-out", paramLabel = "FILE", description = "With --pull: write the agent's kubeconfig for "
            + "the hub here (mode 600): a token that reaches only this member's execution namespace.")
    Path agentKubeconfigOut;
    @Option(names = "--agent-token-ttl", defaultValue = "8760h", description = "How long that token is valid (default: "
            + "${DEFAULT-VALUE}); join again to renew it.")
    String agentTokenTtl;
    @Option(names = "--probe-timeout", defaultValue = "10s", description = "How long the member may take to answer (default: ${DEFAULT-VALUE}).")
    String probeTimeout;

    @Override
    public Integer call() {
        if (!DNS_LABEL.matcher(name).matches()) {
            throw new ArcaException.InvalidInput("member name \"" + name + "\" is not a DNS label (lower-case letters, digits "
                    + "and '-', at most 63 characters)");
        }
        return pull ? joinPull() : joinPush();
    }

    private int joinPush() {
        if (memberKubeconfig == null) {
            throw new ArcaException.InvalidInput("--member-kubeconfig is required to join member \"" + name
                    + "\" in Push mode (or use --pull)");
        }
        FleetKey key = FleetKey.from(env, fleetKeyFile);
        Kubeconfigs.Flat flat = Kubeconfigs.flatten(memberKubeconfig, memberContext);
        Probe probe;
        try (KubernetesClient member = MemberClients.connect(flat.yaml())) {
            probe = MemberProbe.probe(member, Durations.parse("--probe-timeout", probeTimeout));
        }
        if (!probe.reachable()) {
            throw new ArcaException("member cluster \"" + name + "\" (context \"" + flat.context() + "\", " + flat.server()
                    + ") cannot be reached: " + probe.error() + "; nothing was written to the hub. Check --member-kubeconfig "
                    + "and --member-context, and that the member's API server is up and reachable from here");
        }
        Map<String, String> sealed = MemberCredentials.seal(flat.yaml(), workspace, name, key);
        Arrays.fill(flat.yaml(), (byte) 0);
        String secretName = name + "-credentials";
        try (KubernetesClient hub = hub()) {
            ClusterAccess.call(hub, () -> {
                prepare(hub);
                writeSecret(hub, secretName, sealed);
                MemberClusterSpec spec = new MemberClusterSpec();
                spec.apiEndpoint = flat.server();
                spec.syncMode = MemberClusterSpec.SyncMode.Push;
                spec.credentials = new MemberClusterSpec.SecretKey(secretName, MemberCredentials.KUBECONFIG);
                return writeMember(hub, spec);
            });
        }
        out().println("member cluster \"" + name + "\" joined workspace \"" + workspace + "\" in Push mode: " + flat.server()
                + ", Kubernetes " + probe.kubernetesVersion() + "; its kubeconfig (context \"" + flat.context()
                + "\") is sealed in Secret " + workspace + "/" + secretName);
        return ExitCode.OK;
    }

    private int joinPull() {
        String endpoint = memberKubeconfig == null ? null : Kubeconfigs.flatten(memberKubeconfig, memberContext).server();
        try (KubernetesClient hub = hub()) {
            ClusterAccess.call(hub, () -> {
                prepare(hub);
                MemberClusterSpec spec = new MemberClusterSpec();
                spec.apiEndpoint = endpoint;
                spec.syncMode = MemberClusterSpec.SyncMode.Pull;
                return writeMember(hub, spec);
            });
        }
        out().println("member cluster \"" + name + "\" joined workspace \"" + workspace + "\" in Pull mode; the hub holds no "
                + "credentials for it. Start the agent beside the member, with a kubeconfig for the hub and one for the member:");
        String hubFile = "HUB_KUBECONFIG";
        if (agentKubeconfigOut != null) {
            writeAgentKubeconfig();
            hubFile = agentKubeconfigOut.toString();
        }
        out().println("  arca fleet agent --hub-kubeconfig " + hubFile + " --member " + name + " -n " + workspace);
        out().println("or, on a member with nodes, as a Pod from the Helm chart charts/arca, run against the member "
                + "(docs/fleet.md, \"The agent as a Pod on the member\"):");
        out().println("  kubectl -n arca-system create secret generic arca-fleet-hub --from-file=kubeconfig=" + hubFile);
        out().println("  helm install arca charts/arca -n arca-system --set server.enabled=false --set fleetAgent.enabled=true "
                + "--set fleetAgent.memberName=" + name + " --set fleetAgent.workspace=" + workspace
                + " --set fleetAgent.hubKubeconfigSecret=arca-fleet-hub");
        return ExitCode.OK;
    }

    /** The agent's narrow hub credentials, written where --agent-kubeconfig-out says, readable by the owner only. */
    private void writeAgentKubeconfig() {
        java.time.Duration ttl = dev.arca.fleet.placement.RolloutPlanner.parseDuration(agentTokenTtl, java.time.Duration.ofDays(365));
        try (KubernetesClient hub = hub()) {
            byte[] kubeconfig = ClusterAccess.call(hub, () -> dev.arca.fleet.hub.AgentAccess.grant(hub, workspace, name, ttl));
            java.nio.file.Files.deleteIfExists(agentKubeconfigOut);
            java.nio.file.Files.createFile(agentKubeconfigOut, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            java.nio.file.Files.write(agentKubeconfigOut, kubeconfig);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("writing the agent's kubeconfig to " + agentKubeconfigOut, e);
        }
        out().println("the agent's kubeconfig for the hub is in " + agentKubeconfigOut + " (mode 600; its token expires in "
                + agentTokenTtl + ")");
    }

    /** The fleet CRDs and the workspace namespace, created when absent. */
    private void prepare(KubernetesClient hub) {
        FleetCrds.install(hub);
        if (hub.namespaces().withName(workspace).get() == null) {
            hub.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(workspace).endMetadata().build()).create();
        }
    }

    private void writeSecret(KubernetesClient hub, String secretName, Map<String, String> data) {
        Secret secret = new SecretBuilder().withMetadata(new ObjectMetaBuilder().withName(secretName).withNamespace(workspace)
                        .addToLabels(FleetResources.MEMBER_LABEL, workspace + "." + name).build())
                .withType("Opaque").withData(data).build();
        hub.secrets().inNamespace(workspace).resource(secret).fieldManager(FleetResources.FIELD_MANAGER).forceConflicts()
                .serverSideApply();
    }

    private MemberCluster writeMember(KubernetesClient hub, MemberClusterSpec spec) {
        MemberCluster member = new MemberCluster();
        member.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(workspace).withLabels(memberLabels()).build());
        member.setSpec(spec);
        return hub.resources(MemberCluster.class).inNamespace(workspace).resource(member)
                .fieldManager(FleetResources.FIELD_MANAGER).forceConflicts().serverSideApply();
    }

    private Map<String, String> memberLabels() {
        Map<String, String> all = new LinkedHashMap<>(labels);
        putIf(all, FleetResources.REGION_LABEL, region);
        putIf(all, FleetResources.ZONE_LABEL, zone);
        putIf(all, FleetResources.PROVIDER_LABEL, provider);
        return all;
    }

    private static void putIf(Map<String, String> map, String key, String value) {
        if (value != null && !value.isBlank()) {
            map.put(key, value);
        }
    }
}
