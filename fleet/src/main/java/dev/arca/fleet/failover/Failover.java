package dev.arca.fleet.failover;

import dev.arca.fleet.members.MemberClients;
import dev.arca.fleet.resources.BindingStatus;
import dev.arca.fleet.resources.Cell;
import dev.arca.fleet.resources.ClusterPropagationPolicy;
import dev.arca.fleet.resources.MemberCluster;
import dev.arca.fleet.resources.MemberClusterSpec;
import dev.arca.fleet.resources.ObjectRef;
import dev.arca.fleet.resources.PolicySpec;
import dev.arca.fleet.resources.PropagationPolicy;
import dev.arca.fleet.resources.ResourceBinding;
import dev.arca.server.resources.Backup;
import dev.arca.server.resources.BackupPhase;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code arca fleet failover --from-cell A --to-cell B}: the applications placed on cell A are
 * restored on cell B. First their data: for each of their namespaces, a Restore (arca.dev) on B's
 * member of the latest Completed backup of that namespace its Arca server knows (a propagated
 * Schedule and a shared location put them there), limited to PersistentVolumeClaims and
 * PersistentVolumes with their volume data. Then their placement: every policy that placed them on
 * A names B instead, so the hub re-renders them for B with B's node selector and B's overrides. A
 * namespace without a backup, or with a claim the fleet propagates to B's member (the hub would put it
 * back empty before the restore could create it with its data), blocks the whole failover (nothing
 * changes) unless data is not wanted.
 */
public final class Failover {
    /** The namespace of the Arca server on members, where synced Backups are. */
    public static final String SERVER_NAMESPACE = "arca";

    /**
     * @param waitFor how long to wait for each Restore to finish (zero: submit and report its phase)
     */
    public record Options(String workspace, String fromCell, String toCell, boolean dryRun, boolean withoutData,
                          String serverNamespace, Duration waitFor) {
    }

    private final KubernetesClient hub;
    private final MemberClients members;
    private final Clock clock;

    public Failover(KubernetesClient hub, MemberClients members, Clock clock) {
        this.hub = hub;
        this.members = members;
        this.clock = clock;
    }

    public FailoverReport run(Options o) {
        FailoverReport report = FailoverReport.empty(o.fromCell(), o.toCell(), o.dryRun());
        Cell from = cell(o.workspace(), o.fromCell(), report);
        Cell to = cell(o.workspace(), o.toCell(), report);
        if (from == null || to == null) {
            return report;
        }
        MemberCluster target = hub.resources(MemberCluster.class).inNamespace(o.workspace()).withName(to.getSpec().cluster).get();
        if (target == null || target.getSpec().syncMode == MemberClusterSpec.SyncMode.Pull) {
            report.problems().add(target == null ? "cell " + o.toCell() + " names member " + to.getSpec().cluster
                    + ", which is not joined in workspace " + o.workspace()
                    : "cell " + o.toCell() + " is on Pull-mode member " + to.getSpec().cluster
                    + ": the hub cannot reach it to restore data; fail over to a Push-mode member's cell");
            return report;
        }
        String fromMember = o.workspace() + "/" + from.getSpec().cluster;
        Map<String, List<ResourceBinding>> byNamespace = moving(fromMember, o.fromCell());
        KubernetesClient member = members.client(target);
        Map<String, Backup> backups = new LinkedHashMap<>();
        List<ResourceBinding> bindings = o.withoutData() ? List.of()
                : hub.resources(ResourceBinding.class).inAnyNamespace().list().getItems();
        for (String ns : byNamespace.keySet()) {
            Backup latest = latestBackup(member, o.serverNamespace(), ns);
            if (latest == null && !o.withoutData()) {
                report.problems().add("no Completed backup of namespace " + ns + " is known to the Arca server of member "
                        + target.getMetadata().getName() + " (namespace " + o.serverNamespace() + "): propagate a backup "
                        + "Schedule to cell " + o.fromCell() + "'s member with a location " + target.getMetadata().getName()
                        + "'s server syncs too, or pass --without-data to move the applications without their data");
            }
            backups.put(ns, latest);
            if (!o.withoutData()) {
                report.problems().addAll(PropagatedClaims.inTheWay(bindings, ns, o.workspace() + "/" + to.getSpec().cluster,
                        o.toCell(), PropagatedClaims.onMember(hub, member, o.workspace(), to.getSpec().cluster, ns)));
            }
        }
        if (report.blocked()) {
            return report;
        }
        Restores restores = new Restores(member, o.serverNamespace(), clock);
        for (Map.Entry<String, List<ResourceBinding>> e : byNamespace.entrySet()) {
            Backup b = backups.get(e.getKey());
            String restore = null;
            String phase = null;
            if (b != null && !o.dryRun()) {
                restore = restores.submit(e.getKey(), b.getMetadata().getName());
                phase = restores.await(restore, o.waitFor());
            }
            report.namespaces().add(new FailoverReport.Namespace(e.getKey(), e.getValue().stream()
                    .map(x -> x.getSpec().resource.kind + "/" + x.getSpec().resource.name).toList(),
                    b == null ? null : b.getMetadata().getName(), restore, phase));
        }
        for (ObjectRef policy : policies(byNamespace)) {
            report.policies().add(move(policy, o.fromCell(), o.toCell(), o.dryRun()));
        }
        return report;
    }

    private Cell cell(String workspace, String name, FailoverReport report) {
        Cell c = hub.resources(Cell.class).inNamespace(workspace).withName(name).get();
        if (c == null || c.getSpec() == null) {
            report.problems().add("cell " + name + " does not exist in workspace " + workspace + "; see 'arca fleet get cells -n "
                    + workspace + "'");
        }
        return c;
    }

    /** The bindings with a target on the cell, by the namespace of their object. */
    private Map<String, List<ResourceBinding>> moving(String memberKey, String cell) {
        Map<String, List<ResourceBinding>> out = new LinkedHashMap<>();
        List<ResourceBinding> all = new ArrayList<>(hub.resources(ResourceBinding.class).inAnyNamespace().list().getItems());
        all.sort(Comparator.comparing((ResourceBinding b) -> b.getMetadata().getNamespace()).thenComparing(b -> b.getMetadata().getName()));
        for (ResourceBinding b : all) {
            List<BindingStatus.Target> targets = b.getStatus() == null ? List.of() : b.getStatus().targets;
            if (targets.stream().anyMatch(t -> memberKey.equals(t.cluster) && cell.equals(t.cell))) {
                out.computeIfAbsent(b.getSpec().resource.namespace == null ? "" : b.getSpec().resource.namespace,
                        k -> new ArrayList<>()).add(b);
            }
        }
        return out;
    }

    static Backup latestBackup(KubernetesClient member, String serverNamespace, String namespace) {
        List<Backup> backups;
        try {
            backups = member.resources(Backup.class).inNamespace(serverNamespace).list().getItems();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return null; // no Arca server (no CRD) on that member
            }
            throw e;
        }
        return backups.stream()
                .filter(b -> b.getStatus() != null && b.getStatus().getPhase() == BackupPhase.Completed)
                .filter(b -> covers(b, namespace))
                .max(Comparator.comparing((Backup b) -> Objects.toString(b.getStatus().getCompletionTimestamp(), ""))
                        .thenComparing(b -> b.getMetadata().getName()))
                .orElse(null);
    }

    private static boolean covers(Backup b, String namespace) {
        List<String> included = b.getSpec() == null ? null : b.getSpec().getIncludedNamespaces();
        List<String> excluded = b.getSpec() == null ? null : b.getSpec().getExcludedNamespaces();
        boolean in = included == null || included.isEmpty() || included.contains("*") || included.contains(namespace);
        return in && (excluded == null || !excluded.contains(namespace));
    }

    private static List<ObjectRef> policies(Map<String, List<ResourceBinding>> byNamespace) {
        Map<String, ObjectRef> out = new LinkedHashMap<>();
        byNamespace.values().forEach(list -> list.forEach(b -> {
            ObjectRef p = b.getSpec().policy;
            if (p != null) {
                out.putIfAbsent(p.kind + "/" + p.namespace + "/" + p.name, p);
            }
        }));
        return new ArrayList<>(out.values());
    }

    /** The policy names {@code to} instead of {@code from} in its cell affinity; returns what changed. */
    private String move(ObjectRef ref, String from, String to, boolean dryRun) {
        boolean cluster = "ClusterPropagationPolicy".equals(ref.kind);
        var policy = cluster ? hub.resources(ClusterPropagationPolicy.class).withName(ref.name).get()
                : hub.resources(PropagationPolicy.class).inNamespace(ref.namespace).withName(ref.name).get();
        if (policy == null) {
            return ref + ": gone, nothing to change";
        }
        PolicySpec spec = cluster ? ((ClusterPropagationPolicy) policy).getSpec() : ((PropagationPolicy) policy).getSpec();
        CellNames.replace(spec, currentCells(ref), from, to);
        if (!dryRun) {
            hub.resource(policy).update();
        }
        return ref + ": placement.cellAffinity.cellNames now " + spec.placement.cellAffinity.cellNames;
    }

    /** The cells the policy's bindings are placed on now. */
    private List<String> currentCells(ObjectRef policy) {
        List<String> cells = new ArrayList<>();
        for (ResourceBinding b : hub.resources(ResourceBinding.class).inAnyNamespace().list().getItems()) {
            ObjectRef p = b.getSpec().policy;
            if (p != null && Objects.equals(p.kind, policy.kind) && Objects.equals(p.name, policy.name)
                    && Objects.equals(p.namespace, policy.namespace) && b.getStatus() != null) {
                b.getStatus().targets.stream().map(t -> t.cell).filter(Objects::nonNull).filter(c -> !cells.contains(c))
                        .forEach(cells::add);
            }
        }
        return cells;
    }
}
