package dev.arca.server.controller;

import dev.arca.engine.EngineOptions;
import dev.arca.server.location.ServerLocations;
import dev.arca.server.resources.BackupLocation;
import dev.arca.storage.ObjectStore;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

/**
 * What every reconciler of one server process shares.
 *
 * @param client     the server's client (the cluster it protects and where its resources live)
 * @param namespace  the namespace of its resources, Secrets and Lease
 * @param identity   this process (the pod's name): part of every run id
 * @param clock      time for schedules, expiry and status times (tests move it)
 * @param locations  finds BackupLocations and their specs
 * @param opener     opens a location (tests may wrap the store)
 * @param events     writes Events
 * @param runs       the long runs of this process
 * @param engine     the engine's options
 * @param maxRecheck the longest a reconciler waits before looking again at something time-driven
 * @param observer   told of starts and ends (metrics)
 * @param caches     the resources as the informers hold them, for the periodic paths
 */
public record ServerContext(KubernetesClient client, String namespace, String identity, Clock clock,
                            ServerLocations locations, Function<BackupLocation, ObjectStore> opener, Events events,
                            Runs runs, EngineOptions engine, Duration maxRecheck, RunObserver observer,
                            ResourceCaches caches) {

    /** The wait until {@code next}, at least a second and at most {@link #maxRecheck}. */
    public Duration until(java.time.Instant next) {
        if (next == null) {
            return maxRecheck;
        }
        Duration d = Duration.between(clock.instant(), next);
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            return Duration.ofSeconds(1);
        }
        return d.compareTo(maxRecheck) > 0 ? maxRecheck : d;
    }
}
