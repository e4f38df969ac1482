package dev.arca.fleet.hub;

import dev.arca.fleet.agent.WorkApplier;
import dev.arca.fleet.placement.RolloutPlanner;
import dev.arca.fleet.resources.MemberCluster;
import dev.arca.fleet.resources.MemberClusterSpec;
import dev.arca.fleet.resources.ObjectRef;
import dev.arca.fleet.resources.Work;
import dev.arca.fleet.resources.WorkStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the Works of Push-mode members and reads back their state every resync. A member that
 * does not answer keeps its last reported values (the error is added; the binding marks them stale).
 * Removing a Work removes the member's copy; when the member cannot be reached for
 * {@code unreachableClusterTimeout}, the Work goes anyway and the copy is recorded as an orphan on
 * the MemberCluster, removed when the member is back, so that no deletion waits on a dead member.
 */
final class WorkReconciler implements Reconciler<Work>, Cleaner<Work> {
    static final String FINALIZER = dev.arca.fleet.resources.FleetResources.WORK_FINALIZER;
    private static final Logger LOG = LoggerFactory.getLogger(WorkReconciler.class);
    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
    private final HubContext hub;

    /** The status this hub last wrote per Work (by uid), with the generation it was for. */
    private record Written(Long generation, WorkStatus status) {
    }

    private final Map<String, Written> written = new java.util.concurrent.ConcurrentHashMap<>();

    WorkReconciler(HubContext hub) {
        this.hub = hub;
    }

    @Override
    public List<io.javaoperatorsdk.operator.processing.event.source.EventSource<?, Work>> prepareEventSources(
            io.javaoperatorsdk.operator.api.reconciler.EventSourceContext<Work> context) {
        return List.of(hub.triggers().works());
    }

    @Override
    public UpdateControl<Work> reconcile(Work work, Context<Work> context) {
        Optional<MemberCluster> member = hub.caches().member(work.getSpec().cluster);
        if (member.isEmpty() || member.get().getSpec().syncMode == MemberClusterSpec.SyncMode.Pull) {
            return UpdateControl.<Work>noUpdate().rescheduleAfter(hub.resync());
        }
        Instant now = hub.clock().instant();
        // this hub alone writes a Push Work's status: its own last write is newer than a cached copy that lags
        WorkStatus before = lastWritten(work);
        WorkStatus after;
        boolean watched = false;
        try {
            KubernetesClient client = hub.members().client(member.get());
            after = WorkApplier.sync(hub.watches().view(work.getSpec().cluster, client), work, before, now);
            watched = hub.watches().watches(work.getSpec().cluster, HubCaches.copyKey(work));
        } catch (RuntimeException e) {
            hub.watches().forgetNamespaces(work.getSpec().cluster); // a namespace deleted on the member is made again
            after = WorkApplier.failed(before, Messages.describe(e, "applying " + describe(work) + " to member "
                    + work.getSpec().cluster));
            LOG.debug("work {}/{}: {}", work.getMetadata().getNamespace(), work.getMetadata().getName(), after.lastError);
        }
        // lastSeen is when the values last changed (while the member answers, they hold); it alone is no write
        if (!StatusWrite.sameExcept(before, after, "lastSeen")) {
            Work written;
            try { // whole: a field a lagging copy lacks (lost, lastError) must not survive on the API server
                written = StatusWrite.replaced(hub.client(), work, after);
            } catch (RuntimeException e) { // it may have landed or not: the next pass starts from the cache, not a guess
                this.written.remove(work.getMetadata().getUid());
                throw e;
            }
            if (written != null) {
                this.written.put(work.getMetadata().getUid(), new Written(work.getMetadata().getGeneration(), after));
            }
        }
        // a watched copy's change on the member brings its Work back at once; an unwatched one is read on the clock,
        // a healthy one less often (a new version, a new generation, is applied at once anyway)
        boolean settled = "Healthy".equals(after.health) && after.lastError == null;
        Duration next = watched ? hub.resync().multipliedBy(6) : settled ? hub.resync().multipliedBy(3) : hub.resync();
        return UpdateControl.<Work>noUpdate().rescheduleAfter(next);
    }

    /**
     * The Work's status as last written: this hub's own write for the current generation when there is one (the
     * cache may not have it yet, and would have the copy applied twice), else the cached copy's.
     */
    private WorkStatus lastWritten(Work work) {
        Written mine = written.get(work.getMetadata().getUid());
        return mine != null && Objects.equals(mine.generation(), work.getMetadata().getGeneration()) ? mine.status()
                : work.getStatus();
    }

    @Override
    public DeleteControl cleanup(Work work, Context<Work> context) {
        DeleteControl control = removeCopy(work);
        if (control.isRemoveFinalizer()) {
            written.remove(work.getMetadata().getUid());
        }
        return control;
    }

    private DeleteControl removeCopy(Work work) {
        Optional<MemberCluster> member = hub.caches().member(work.getSpec().cluster);
        if (member.isEmpty() || !work.getSpec().deleteOnRemoval) {
            return DeleteControl.defaultDelete();
        }
        // no shortcut for a Work whose status says "not applied": the apply may have worked and its status write not
        if (member.get().getSpec().syncMode == MemberClusterSpec.SyncMode.Push) {
            try {
                if (WorkApplier.remove(hub.members().client(member.get()), work)) {
                    return DeleteControl.defaultDelete();
                }
                return DeleteControl.noFinalizerRemoval().rescheduleAfter(Duration.ofSeconds(1));
            } catch (RuntimeException e) {
                LOG.debug("removing {} from {}: {}", describe(work), work.getSpec().cluster, e.toString());
            }
        }
        Duration timeout = RolloutPlanner.parseDuration(work.getSpec().unreachableClusterTimeout, DEFAULT_TIMEOUT);
        Instant since = Instant.parse(work.getMetadata().getDeletionTimestamp());
        if (hub.clock().instant().isBefore(since.plus(timeout))) {
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(Duration.ofSeconds(2));
        }
        recordOrphan(member.get(), work);
        if (member.get().getSpec().syncMode == MemberClusterSpec.SyncMode.Pull) {
            AgentOrphans.add(hub.client(), work.getMetadata().getNamespace(), orphanRef(work));
        }
        return DeleteControl.defaultDelete();
    }

    static ObjectRef orphanRef(Work work) {
        GenericKubernetesResource object = Serialization.jsonMapper().convertValue(work.getSpec().manifest,
                GenericKubernetesResource.class);
        return new ObjectRef(object.getApiVersion(), object.getKind(), object.getMetadata().getNamespace(),
                object.getMetadata().getName());
    }

    private void recordOrphan(MemberCluster member, Work work) {
        ObjectRef ref = orphanRef(work);
        boolean exists = OrphanList.update(hub.client(), member.getMetadata().getNamespace(), member.getMetadata().getName(),
                orphans -> {
                    if (orphans.stream().noneMatch(o -> o.toString().equals(ref.toString()))) {
                        orphans.add(ref);
                    }
                    return orphans;
                });
        if (!exists) {
            return;
        }
        hub.history().propagated(new dev.arca.fleet.store.PropagationRecord(hub.clock().instant(), work.getSpec().binding,
                ref.toString(), work.getSpec().cluster, work.getSpec().cell, work.getSpec().templateHash, "orphaned"));
        hub.events().warning(member, "Orphaned", ref + " stays on member " + work.getSpec().cluster
                + ", which was unreachable for " + work.getSpec().unreachableClusterTimeout
                + "; it is removed when the member is back");
    }

    static String describe(Work work) {
        Object kind = work.getSpec().manifest == null ? "?" : ((java.util.Map<?, ?>) work.getSpec().manifest.getValue()).get("kind");
        return kind + " of binding " + work.getSpec().binding;
    }
}
