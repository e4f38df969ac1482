package dev.arca.cli.fleet;

import dev.arca.api.ArcaException;
import dev.arca.cli.ExitCode;
import dev.arca.cli.OutputOptions;
import dev.arca.cli.ResourceOutput;
import dev.arca.engine.ClusterAccess;
import dev.arca.fleet.resources.Cell;
import dev.arca.fleet.resources.FleetResources;
import dev.arca.fleet.resources.MemberCluster;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code arca fleet get clusters|cells}: the members and cells of one workspace, or of all. */
@Command(name = "get", mixinStandardHelpOptions = true, description = "List member clusters or cells.",
        subcommands = {FleetGetCommand.Clusters.class, FleetGetCommand.Cells.class})
final class FleetGetCommand {
    static final String[] CLUSTERS_HEADER = {"NAME", "WORKSPACE", "MODE", "READY", "LAST-SEEN", "REGION", "ZONE", "VERSION", "AGE"};
    static final String[] CELLS_HEADER = {"NAME", "CLUSTER", "NODE-SELECTOR", "AGE"};

    /** {@code -n WS} or {@code -A}. */
    static final class Scope {
        @Option(names = {"-n", "--namespace"}, description = "The workspace namespace (default: " + FleetCommand.DEFAULT_WORKSPACE + ").")
        String workspace;
        @Option(names = {"-A", "--all-namespaces"}, description = "Every workspace.") boolean all;
    }

    abstract static class Lister<T extends HasMetadata> extends HubCommand implements Callable<Integer> {
        @ArgGroup(exclusive = true) Scope scope;
        @Mixin OutputOptions output;

        abstract Class<T> type();

        abstract String[] header();

        abstract String[] row(T item, Instant now);

        @Override
        public Integer call() {
            List<T> items;
            try (KubernetesClient hub = hub()) {
                items = ClusterAccess.call(hub, () -> list(hub));
            }
            if (output.structured()) {
                ResourceOutput.print(out(), output.format, ResourceOutput.list(items));
            } else {
                Instant now = Instant.now();
                OutputOptions.table(out(), header(), items.stream().map(i -> row(i, now)).toList());
            }
            return ExitCode.OK;
        }

        private List<T> list(KubernetesClient hub) {
            try {
                if (scope != null && scope.all) {
                    return hub.resources(type()).inAnyNamespace().list().getItems();
                }
                String ws = scope == null || scope.workspace == null ? FleetCommand.DEFAULT_WORKSPACE : scope.workspace;
                return hub.resources(type()).inNamespace(ws).list().getItems();
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    throw new ArcaException.NotFound("the fleet's CRDs are not installed on the hub " + hub.getMasterUrl()
                            + ": no member has joined it yet; run 'arca fleet join'");
                }
                throw e;
            }
        }
    }

    @Command(name = "clusters", aliases = "cluster", mixinStandardHelpOptions = true, description = "List member clusters.")
    static final class Clusters extends Lister<MemberCluster> {
        @Override
        Class<MemberCluster> type() {
            return MemberCluster.class;
        }

        @Override
        String[] header() {
            return CLUSTERS_HEADER;
        }

        @Override
        String[] row(MemberCluster m, Instant now) {
            Map<String, String> labels = m.getMetadata().getLabels() == null ? Map.of() : m.getMetadata().getLabels();
            var status = m.getStatus();
            String ready = status == null ? "Unknown" : status.conditions.stream().filter(c -> "Ready".equals(c.getType()))
                    .map(Condition::getStatus).findFirst().orElse("Unknown");
            String lastSeen = status == null || status.lastSeen == null ? "<never>" : ago(status.lastSeen, now);
            return new String[] {m.getMetadata().getName(), m.getMetadata().getNamespace(),
                    m.getSpec() == null ? "" : String.valueOf(m.getSpec().syncMode), ready, lastSeen,
                    labels.getOrDefault(FleetResources.REGION_LABEL, ""), labels.getOrDefault(FleetResources.ZONE_LABEL, ""),
                    status == null || status.kubernetesVersion == null ? "" : status.kubernetesVersion,
                    age(m.getMetadata().getCreationTimestamp(), now)};
        }
    }

    @Command(name = "cells", aliases = "cell", mixinStandardHelpOptions = true, description = "List cells (a member cluster and a node selector).")
    static final class Cells extends Lister<Cell> {
        @Override
        Class<Cell> type() {
            return Cell.class;
        }

        @Override
        String[] header() {
            return CELLS_HEADER;
        }

        @Override
        String[] row(Cell c, Instant now) {
            String selector = c.getSpec() == null ? "" : c.getSpec().nodeSelector.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
            return new String[] {c.getMetadata().getName(), c.getSpec() == null ? "" : c.getSpec().cluster, selector,
                    age(c.getMetadata().getCreationTimestamp(), now)};
        }
    }

    static String ago(String time, Instant now) {
        return age(time, now) + " ago";
    }

    static String age(String time, Instant now) {
        if (time == null) {
            return "";
        }
        Duration d = Duration.between(OffsetDateTime.parse(time).toInstant(), now);
        return human(d.isNegative() ? Duration.ZERO : d);
    }

    /** As kubectl's ages: seconds under 2 minutes (a last-seen time needs them), then minutes, hours, days. */
    static String human(Duration d) {
        if (d.toSeconds() < 120) {
            return d.toSeconds() + "s";
        }
        if (d.toMinutes() < 120) {
            return d.toMinutes() + "m";
        }
        return d.toHours() < 48 ? d.toHours() + "h" : d.toDays() + "d";
    }
}
