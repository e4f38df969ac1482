package dev.arca.server.controller;

import dev.arca.engine.EngineOptions;
import dev.arca.server.location.ServerLocations;
import dev.arca.server.resources.BackupLocation;
import dev.arca.storage.ObjectStore;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server: the four reconcilers on one JOSDK {@link Operator}, watching the server's namespace,
 * behind leader election on the Lease {@value #LEASE} so that of several processes only one acts.
 * A process that loses the lease exits (JOSDK's default), so a new leader may take the runs the
 * old one left for dead and resume them.
 */
public final class ArcaServer implements AutoCloseable {
    public static final String LEASE = "arca-server";
    private static final Logger LOG = LoggerFactory.getLogger(ArcaServer.class);
    private final Operator operator;
    private final Runs runs;
    private final ResourceCaches caches;

    /**
     * @param namespace      the namespace of the server's resources, Secrets and Lease
     * @param identity       this process's name in the Lease and in run ids (the pod name)
     * @param stateDir       a private directory for credential files
     * @param concurrentRuns backups and restores run at once by this process
     * @param maxRecheck     the longest a time-driven reconciler waits before looking again
     * @param leaderElection false only in tests that run one server in the test JVM
     * @param exitOnLostLease true for the real process: losing the lease ends it
     * @param wrapStore      applied to every opened location (tests slow or break it)
     */
    public record Options(String namespace, String identity, Clock clock, Path stateDir, int concurrentRuns,
                          Duration maxRecheck, boolean leaderElection, boolean exitOnLostLease,
                          UnaryOperator<ObjectStore> wrapStore, RunObserver observer, EngineOptions engine) {
        public static Options defaults(String namespace, String identity, Path stateDir) {
            return new Options(namespace, identity, Clock.systemUTC(), stateDir, 2, Duration.ofMinutes(5), true, true,
                    UnaryOperator.identity(), RunObserver.NONE, EngineOptions.defaults());
        }

        public Options withClock(Clock c, Duration recheck) {
            return new Options(namespace, identity, c, stateDir, concurrentRuns, recheck, leaderElection, exitOnLostLease,
                    wrapStore, observer, engine);
        }

        public Options withoutLeaderElection() {
            return new Options(namespace, identity, clock, stateDir, concurrentRuns, maxRecheck, false, false, wrapStore,
                    observer, engine);
        }

        public Options withStoreWrapper(UnaryOperator<ObjectStore> wrap) {
            return new Options(namespace, identity, clock, stateDir, concurrentRuns, maxRecheck, leaderElection,
                    exitOnLostLease, wrap, observer, engine);
        }

        public Options withConcurrentRuns(int n) {
            if (n < 1 || n > 64) {
                throw new dev.arca.api.ArcaException.InvalidInput("--concurrent-runs must be 1 to 64, got " + n);
            }
            return new Options(namespace, identity, clock, stateDir, n, maxRecheck, leaderElection, exitOnLostLease,
                    wrapStore, observer, engine);
        }

        public Options withObserver(RunObserver o) {
            return new Options(namespace, identity, clock, stateDir, concurrentRuns, maxRecheck, leaderElection,
                    exitOnLostLease, wrapStore, o, engine);
        }
    }

    private ArcaServer(Operator operator, Runs runs, ResourceCaches caches) {
        this.operator = operator;
        this.runs = runs;
        this.caches = caches;
    }

    /** Builds the reconcilers and starts the operator (which waits for the lease before reconciling). */
    public static ArcaServer start(KubernetesClient client, Options o) {
        ServerLocations locations = new ServerLocations(client, o.namespace(), o.stateDir().resolve("credentials"));
        Runs runs = new Runs(o.concurrentRuns(), "arca-run");
        ResourceCaches caches = new ResourceCaches(client, o.namespace());
        ServerContext ctx = new ServerContext(client, o.namespace(), o.identity(), o.clock(), locations,
                l -> o.wrapStore().apply(locations.open(l)), new Events(client, o.clock(), "arca-server"), runs,
                o.engine(), o.maxRecheck(), o.observer(), caches);
        Operator operator = new Operator(c -> {
            c.withKubernetesClient(client).withCloseClientOnStop(false).withUseSSAToPatchPrimaryResource(false);
            if (o.leaderElection()) {
                c.withLeaderElectionConfiguration(new LeaderElectionConfiguration(LEASE, o.namespace(),
                        Duration.ofSeconds(10), Duration.ofSeconds(7), Duration.ofSeconds(2), o.identity(),
                        new LeaderCallbacks(() -> LOG.info("{} leads: its reconcilers act", o.identity()),
                                () -> LOG.warn("{} lost the lease {}; it stops acting", o.identity(), LEASE),
                                id -> LOG.info("the leader is {}", id)), o.exitOnLostLease()));
            }
        });
        String ns = o.namespace();
        // every controller looks again at least every maxRecheck, also after a reconcile that kept failing
        Duration max = o.maxRecheck();
        caches.use(dev.arca.server.resources.Backup.class, operator.register(new BackupReconciler(ctx), c -> c.settingNamespace(ns).withFinalizer(BackupReconciler.FINALIZER)
                .withGenerationAware(false) // a finished run's status change is when expiry starts to count
                .withReconciliationMaxInterval(max)));
        caches.use(dev.arca.server.resources.Schedule.class, operator.register(new ScheduleReconciler(ctx),
                c -> c.settingNamespace(ns).withReconciliationMaxInterval(max)));
        caches.use(BackupLocation.class, operator.register(new BackupLocationReconciler(ctx),
                c -> c.settingNamespace(ns).withReconciliationMaxInterval(max)));
        caches.use(dev.arca.server.resources.Restore.class, operator.register(new RestoreReconciler(ctx),
                c -> c.settingNamespace(ns).withReconciliationMaxInterval(max)));
        operator.start();
        return new ArcaServer(operator, runs, caches);
    }

    /** Started, and (when leading) every informer healthy: what /readyz answers. */
    public boolean ready() {
        return operator.getRuntimeInfo().isStarted() && operator.getRuntimeInfo().allEventSourcesAreHealthy();
    }

    /** The server's resources as its informers hold them, for the metrics that come from resources (read at scrapes). */
    public dev.arca.server.metrics.ClusterSnapshot snapshot() {
        return caches.snapshot();
    }

    /** Runs of this process now. */
    public int runningNow() {
        return runs.size();
    }

    @Override
    public void close() {
        runs.close();
        operator.stop();
    }
}
