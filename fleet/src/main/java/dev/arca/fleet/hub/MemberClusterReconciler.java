package dev.arca.fleet.hub;

import dev.arca.fleet.members.MemberClients;
import dev.arca.fleet.members.MemberConditions;
import dev.arca.fleet.members.MemberProbe;
import dev.arca.fleet.members.Probe;
import dev.arca.fleet.resources.MemberCluster;
import dev.arca.fleet.resources.MemberClusterSpec;
import dev.arca.fleet.resources.MemberClusterStatus;
import dev.arca.fleet.resources.ObjectRef;
import dev.arca.fleet.resources.ResourceBinding;
import dev.arca.fleet.resources.Work;
import dev.arca.server.controller.StatusPatch;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Probes each Push-mode member every resync and keeps its Ready / Unreachable conditions and
 * last-seen time; removes the orphans a deletion left on it once it answers again; keeps its
 * execution namespace on the hub. When a member's reachability changes, every binding looks again
 * (their member statuses become stale, or fresh). Deleting a MemberCluster (unjoin) first removes
 * its Works, each bounded by its own timeout, then its execution namespace.
 */
final class MemberClusterReconciler implements Reconciler<MemberCluster>, Cleaner<MemberCluster> {
    static final String FINALIZER = "fleet.arca.dev/cleanup";
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
    private final HubContext hub;

    MemberClusterReconciler(HubContext hub) {
        this.hub = hub;
    }

    @Override
    public UpdateControl<MemberCluster> reconcile(MemberCluster member, Context<MemberCluster> context) {
        ensureExecutionNamespace(member);
        Instant now = hub.clock().instant();
        MemberClusterStatus before = member.getStatus() == null ? new MemberClusterStatus() : member.getStatus();
        Probe probe;
        KubernetesClient client = null;
        if (member.getSpec().syncMode == MemberClusterSpec.SyncMode.Pull) {
            // a member switched from Push: no watch or client of it stays open on credentials it may have revoked
            hub.watches().forget(member.getMetadata().getNamespace() + "/" + member.getMetadata().getName());
            hub.members().forget(MemberClients.memberKey(member));
            String ns = FleetNames.executionNamespace(member.getMetadata().getNamespace(), member.getMetadata().getName());
            probe = agentProbe(ns, now);
            MemberClusterStatus after = MemberConditions.next(before, probe, now, member.getMetadata().getGeneration());
            after.orphans = AgentOrphans.list(hub.client(), ns);
            return publish(member, before, after);
        }
        try {
            client = hub.members().client(member);
            probe = MemberProbe.probe(client, PROBE_TIMEOUT);
        } catch (RuntimeException e) {
            probe = new Probe(false, null, Messages.describe(e, "opening the credentials of member "
                    + member.getMetadata().getNamespace() + "/" + member.getMetadata().getName()));
        }
        MemberClusterStatus after = MemberConditions.next(before, probe, now, member.getMetadata().getGeneration());
        if (probe.reachable() && client != null && !after.orphans.isEmpty()) {
            removeCleaned(member, cleanOrphans(client, after.orphans));
        }
        return publish(member, before, after);
    }

    private UpdateControl<MemberCluster> publish(MemberCluster member, MemberClusterStatus before, MemberClusterStatus after) {
        boolean changed = ready(before) != ready(after);
        if (!StatusWrite.sameExcept(before, after, "lastSeen") || stale(before.lastSeen, after.lastSeen)) {
            var body = (com.fasterxml.jackson.databind.node.ObjectNode) json(after);
            if (member.getSpec().syncMode == MemberClusterSpec.SyncMode.Push) {
                body.remove("orphans"); // written only by recordOrphan and removeCleaned, never from a cached copy
            }
            MemberCluster base = member;
            if (member.getStatus() == null) { // the first write adds /status whole: make sure none was written meanwhile
                MemberCluster fresh = hub.client().resource(member).get();
                base = fresh == null ? member : fresh;
            }
            StatusWrite.patch(hub.client(), base, body);
        }
        if (changed) {
            for (ResourceBinding b : hub.caches().list(ResourceBinding.class, null)) {
                hub.triggers().bindings().fire(b.getMetadata().getNamespace(), b.getMetadata().getName());
            }
        }
        return UpdateControl.<MemberCluster>noUpdate().rescheduleAfter(hub.resync());
    }

    @Override
    public DeleteControl cleanup(MemberCluster member, Context<MemberCluster> context) {
        String ns = FleetNames.executionNamespace(member.getMetadata().getNamespace(), member.getMetadata().getName());
        List<Work> works = hub.caches().list(Work.class, ns);
        if (!works.isEmpty()) {
            for (Work w : works) {
                if (w.getMetadata().getDeletionTimestamp() == null) {
                    hub.client().resource(w).delete();
                }
            }
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(Duration.ofSeconds(2));
        }
        hub.client().namespaces().withName(ns).delete();
        hub.members().forget(MemberClients.memberKey(member));
        hub.watches().forget(member.getMetadata().getNamespace() + "/" + member.getMetadata().getName());
        return DeleteControl.defaultDelete();
    }

    /** A Pull-mode member is reachable while its agent renews its Lease in time. */
    private Probe agentProbe(String executionNamespace, Instant now) {
        var lease = hub.client().leases().inNamespace(executionNamespace).withName(dev.arca.fleet.agent.FleetAgent.LEASE).get();
        if (lease == null || lease.getSpec() == null || lease.getSpec().getRenewTime() == null) {
            return new Probe(false, null, "no agent has reported yet: start arca fleet agent beside the member");
        }
        Instant renewed = lease.getSpec().getRenewTime().toInstant();
        int seconds = lease.getSpec().getLeaseDurationSeconds() == null ? 30 : lease.getSpec().getLeaseDurationSeconds();
        return renewed.plusSeconds(seconds).isAfter(now) ? new Probe(true, null, null)
                : new Probe(false, null, "the agent last renewed its Lease at " + renewed + " (" + seconds + " s allowed)");
    }

    /** Removes {@code cleaned} from the orphans as the API server has them now (others may have been added meanwhile). */
    private void removeCleaned(MemberCluster member, List<ObjectRef> cleaned) {
        if (cleaned.isEmpty()) {
            return;
        }
        List<String> gone = cleaned.stream().map(ObjectRef::toString).toList();
        OrphanList.update(hub.client(), member.getMetadata().getNamespace(), member.getMetadata().getName(),
                orphans -> new ArrayList<>(orphans.stream().filter(o -> !gone.contains(o.toString())).toList()));
    }

    /** Deletes each orphan from the member; returns those it no longer holds. */
    private List<ObjectRef> cleanOrphans(KubernetesClient client, List<ObjectRef> orphans) {
        List<ObjectRef> cleaned = new ArrayList<>();
        for (ObjectRef o : orphans) {
            try {
                var handle = client.genericKubernetesResources(o.apiVersion, o.kind);
                var named = o.namespace == null || o.namespace.isEmpty() ? handle.withName(o.name)
                        : handle.inNamespace(o.namespace).withName(o.name);
                named.delete();
                if (named.get() == null) {
                    cleaned.add(o);
                }
            } catch (KubernetesClientException e) {
                // still there: tried again at the next probe
            }
        }
        return cleaned;
    }

    private void ensureExecutionNamespace(MemberCluster member) {
        String ns = FleetNames.executionNamespace(member.getMetadata().getNamespace(), member.getMetadata().getName());
        if (hub.client().namespaces().withName(ns).get() == null) {
            Kube.createIfAbsent(hub.client(), new NamespaceBuilder().withNewMetadata().withName(ns)
                    .addToLabels(dev.arca.fleet.resources.FleetResources.MEMBER_LABEL,
                            FleetNames.memberLabel(member.getMetadata().getNamespace(), member.getMetadata().getName()))
                    .endMetadata().build());
        }
    }

    static boolean ready(MemberClusterStatus s) {
        return s != null && s.conditions != null && s.conditions.stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** lastSeen is written at most every three resyncs (and at least every 30 s), not at every probe. */
    private boolean stale(String before, String after) {
        if (before == null || after == null) {
            return !Objects.equals(before, after);
        }
        Duration every = hub.resync().multipliedBy(3).compareTo(Duration.ofSeconds(30)) < 0 ? hub.resync().multipliedBy(3)
                : Duration.ofSeconds(30);
        return !Instant.parse(after).isBefore(Instant.parse(before).plus(every));
    }

    private static com.fasterxml.jackson.databind.JsonNode json(Object o) {
        return io.fabric8.kubernetes.client.utils.Serialization.jsonMapper().valueToTree(o);
    }
}
