package dev.arca.fleet.agent;

import dev.arca.fleet.hub.FleetNames;
import dev.arca.fleet.resources.Work;
import dev.arca.fleet.resources.WorkStatus;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Pull-mode agent beside a member: it connects out to the hub with credentials that reach only
 * the member's execution namespace, watches its Works there, applies them to the member, writes what
 * the member holds into each Work's status, removes the member's copy of a deleted Work (then lets the
 * Work go), removes the orphans the hub lists for it, and renews the Lease {@value #LEASE} so the hub
 * knows it is alive. The hub never holds the member's credentials.
 */
public final class FleetAgent implements AutoCloseable {
    public static final String LEASE = "arca-agent";
    /** The ConfigMap in the execution namespace where the hub lists orphans for a Pull-mode member. */
    public static final String ORPHANS = "arca-orphans";
    private static final Logger LOG = LoggerFactory.getLogger(FleetAgent.class);
    private final KubernetesClient hub;
    private final KubernetesClient member;
    private final MemberView view;
    private final String namespace;
    private final String identity;
    private final Clock clock;
    private final SharedIndexInformer<Work> works;
    private final LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(1, r -> daemon(r, "fleet-agent-timer"));
    private final Thread worker;
    private int leaseSeconds = 30;

    private FleetAgent(KubernetesClient hub, KubernetesClient member, String namespace, String identity, Clock clock) {
        this.hub = hub;
        this.member = member;
        this.view = MemberView.direct(member);
        this.namespace = namespace;
        this.identity = identity;
        this.clock = clock;
        this.works = hub.resources(Work.class).inNamespace(namespace).runnableInformer(0);
        this.worker = daemon(this::work, "fleet-agent-" + namespace);
    }

    /** Starts the agent of member {@code memberNamespace/memberName}; returns once its Works are listed. */
    public static FleetAgent start(KubernetesClient hub, KubernetesClient member, String memberNamespace, String memberName,
                                   Duration resync, Clock clock) {
        FleetAgent a = new FleetAgent(hub, member, FleetNames.executionNamespace(memberNamespace, memberName),
                memberNamespace + "/" + memberName, clock);
        a.works.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Work w) {
                a.queue.add(w.getMetadata().getName());
            }

            @Override
            public void onUpdate(Work before, Work after) {
                if (!Objects.equals(before.getMetadata().getGeneration(), after.getMetadata().getGeneration())
                        || after.getMetadata().getDeletionTimestamp() != null) {
                    a.queue.add(after.getMetadata().getName());
                }
            }

            @Override
            public void onDelete(Work w, boolean unknown) {
            }
        });
        a.works.run();
        a.worker.start();
        long ms = resync.toMillis();
        a.leaseSeconds = (int) Math.max(3, resync.multipliedBy(3).toSeconds());
        a.timers.scheduleWithFixedDelay(a::tick, 0, ms, TimeUnit.MILLISECONDS);
        return a;
    }

    /** Every resync: renew the Lease, look at every Work again (health changes), remove listed orphans. */
    private void tick() {
        try {
            renewLease();
            for (Work w : works.getStore().list()) {
                queue.add(w.getMetadata().getName());
            }
            cleanOrphans();
        } catch (RuntimeException e) {
            LOG.warn("fleet agent of {}: {}", identity, e.toString());
        }
    }

    private void work() {
        while (!Thread.currentThread().isInterrupted()) {
            String name;
            try {
                name = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            queue.remove(name);
            Work w = works.getStore().getByKey(namespace + "/" + name);
            if (w == null) {
                continue;
            }
            try {
                handle(w);
            } catch (RuntimeException e) {
                LOG.warn("fleet agent of {}: work {}: {}", identity, name, e.toString());
            }
        }
    }

    private void handle(Work w) {
        Instant now = clock.instant();
        if (w.getMetadata().getDeletionTimestamp() != null) {
            if (!w.getSpec().deleteOnRemoval || WorkApplier.remove(member, w)) {
                releaseFinalizer(w);
            } else {
                queue.add(w.getMetadata().getName());
            }
            return;
        }
        WorkStatus after;
        try {
            after = WorkApplier.sync(view, w, w.getStatus(), now);
        } catch (KubernetesClientException e) {
            after = WorkApplier.failed(w.getStatus(), "applying to member " + identity + ": "
                    + dev.arca.server.controller.Messages.describe(e));
        }
        if (!dev.arca.fleet.hub.StatusWrite.sameExcept(w.getStatus(), after, "lastSeen")) {
            dev.arca.fleet.hub.StatusWrite.replaced(hub, w, after); // the agent alone writes a Pull Work's status, whole
        }
    }

    private void releaseFinalizer(Work w) {
        if (hub.resources(Work.class).inNamespace(namespace).withName(w.getMetadata().getName()).get() == null) {
            return; // the hub let it go already (its removal timed out)
        }
        hub.resources(Work.class).inNamespace(namespace).withName(w.getMetadata().getName()).edit(x -> {
            List<String> f = new ArrayList<>(x.getMetadata().getFinalizers());
            f.remove(dev.arca.fleet.resources.FleetResources.WORK_FINALIZER);
            x.getMetadata().setFinalizers(f);
            return x;
        });
    }

    private void renewLease() {
        ZonedDateTime now = ZonedDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        Lease lease = new LeaseBuilder().withNewMetadata().withName(LEASE).withNamespace(namespace).endMetadata()
                .withNewSpec().withHolderIdentity(identity).withRenewTime(now).withLeaseDurationSeconds(leaseSeconds).endSpec().build();
        hub.leases().inNamespace(namespace).resource(lease).fieldManager("arca-fleet-agent").forceConflicts().serverSideApply();
    }

    private void cleanOrphans() {
        ConfigMap orphans = hub.configMaps().inNamespace(namespace).withName(ORPHANS).get();
        if (orphans == null || orphans.getData() == null || orphans.getData().isEmpty()) {
            return;
        }
        for (var e : orphans.getData().entrySet()) {
            var ref = Serialization.unmarshal(e.getValue(), dev.arca.fleet.resources.ObjectRef.class);
            var handle = member.genericKubernetesResources(ref.apiVersion, ref.kind);
            var named = ref.namespace == null || ref.namespace.isEmpty() ? handle.withName(ref.name)
                    : handle.inNamespace(ref.namespace).withName(ref.name);
            named.delete();
            if (named.get() == null) {
                hub.configMaps().inNamespace(namespace).withName(ORPHANS).edit(c -> {
                    c.getData().remove(e.getKey());
                    return c;
                });
            }
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() {
        timers.shutdownNow();
        worker.interrupt();
        works.close();
    }
}
