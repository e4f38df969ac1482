package dev.arca.cli.fleet;

import dev.arca.api.ArcaException;
import dev.arca.api.Durations;
import dev.arca.cli.ExitCode;
import dev.arca.engine.ClusterAccess;
import dev.arca.fleet.resources.FleetResources;
import dev.arca.fleet.resources.MemberCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code arca fleet unjoin NAME}: deletes the MemberCluster and waits until it is gone (the hub's
 * finalizer first removes what the fleet applied to the member), then deletes its credentials
 * Secret. {@code --force} drops the finalizer when the wait times out, and says what may be left.
 */
@Command(name = "unjoin", mixinStandardHelpOptions = true,
        description = "Remove a member cluster from the hub; the hub first cleans what the fleet applied to it.")
final class FleetUnjoinCommand extends HubCommand implements Callable<Integer> {
    /** The finalizer by which the hub cleans a member before its MemberCluster goes. */
    static final String CLEANUP_FINALIZER = FleetResources.GROUP + "/cleanup";

    @Parameters(index = "0", paramLabel = "NAME") String name;
    @Option(names = {"-n", "--namespace"}, defaultValue = FleetCommand.DEFAULT_WORKSPACE,
            description = "The hub workspace namespace (default: ${DEFAULT-VALUE}).") String workspace;
    @Option(names = "--force", description = "When the wait times out, remove the finalizer " + CLEANUP_FINALIZER
            + " (objects the fleet applied may stay on the member).") boolean force;
    @Option(names = "--timeout", defaultValue = "5m", description = "How long to wait for the hub to clean the member (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Override
    public Integer call() {
        Duration limit = Durations.parse("--timeout", timeout);
        try (KubernetesClient hub = hub()) {
            return ClusterAccess.call(hub, () -> unjoin(hub, limit));
        }
    }

    private int unjoin(KubernetesClient hub, Duration limit) {
        Resource<MemberCluster> resource = hub.resources(MemberCluster.class).inNamespace(workspace).withName(name);
        MemberCluster member = resource.get();
        String secretName = member != null && member.getSpec() != null && member.getSpec().credentials != null
                ? member.getSpec().credentials.name : name + "-credentials";
        if (member == null) {
            if (deleteSecret(hub, secretName)) {
                out().println("member cluster " + workspace + "/" + name + " was already gone; deleted its Secret " + workspace + "/" + secretName);
                return ExitCode.OK;
            }
            throw new ArcaException.NotFound("member cluster \"" + name + "\" is not in workspace \"" + workspace
                    + "\"; run 'arca fleet get clusters -A'");
        }
        resource.delete();
        if (!awaitGone(resource, limit)) {
            if (!force) {
                throw new ArcaException("member cluster " + workspace + "/" + name + " is still there after " + Durations.human(limit)
                        + ", held by finalizers " + finalizers(resource) + ": the hub has not finished removing the fleet's objects from "
                        + "the member (is the member, or the hub, down?). Wait and run this again, or add --force to drop "
                        + CLEANUP_FINALIZER + " and leave those objects on the member; its credentials Secret was kept");
            }
            dropFinalizer(resource);
        }
        deleteSecret(hub, secretName);
        out().println("member cluster " + workspace + "/" + name + " unjoined; Secret " + workspace + "/" + secretName + " deleted");
        return ExitCode.OK;
    }

    private void dropFinalizer(Resource<MemberCluster> resource) {
        resource.edit(m -> {
            m.getMetadata().getFinalizers().remove(CLEANUP_FINALIZER);
            return m;
        });
        if (!awaitGone(resource, Duration.ofSeconds(30))) {
            throw new ArcaException("member cluster " + workspace + "/" + name + " is still there after removing " + CLEANUP_FINALIZER
                    + ", held by finalizers " + finalizers(resource) + "; remove them with 'kubectl edit membercluster " + name
                    + " -n " + workspace + "'");
        }
        err().println("warning: removed finalizer " + CLEANUP_FINALIZER + " from member cluster " + workspace + "/" + name
                + " before the hub had cleaned the member: objects the fleet applied may be left on it; list them on the member "
                + "with 'kubectl get all -A -l " + FleetResources.BINDING_LABEL + "'");
    }

    private boolean deleteSecret(KubernetesClient hub, String secretName) {
        return !hub.secrets().inNamespace(workspace).withName(secretName).delete().isEmpty();
    }

    private static boolean awaitGone(Resource<MemberCluster> resource, Duration limit) {
        Instant deadline = Instant.now().plus(limit);
        while (resource.get() != null) {
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ArcaException("interrupted while waiting for the member cluster to be deleted", e);
            }
        }
        return true;
    }

    private static List<String> finalizers(Resource<MemberCluster> resource) {
        MemberCluster m = resource.get();
        return m == null ? List.of() : m.getMetadata().getFinalizers();
    }
}
