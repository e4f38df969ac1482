package dev.arca.fleet.failover;

import dev.arca.server.resources.Restore;
import dev.arca.server.resources.RestorePhase;
import dev.arca.server.resources.RestoreResourceSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Restores of a namespace's volumes made on a member for its Arca server to run, and waiting for them. */
final class Restores {
    private static final Set<RestorePhase> DONE = Set.of(RestorePhase.Completed, RestorePhase.PartiallyFailed,
            RestorePhase.Failed, RestorePhase.Cancelled);
    private final KubernetesClient member;
    private final String namespace;
    private final Clock clock;

    Restores(KubernetesClient member, String namespace, Clock clock) {
        this.member = member;
        this.namespace = namespace;
        this.clock = clock;
    }

    /** Creates the Restore of {@code appNamespace}'s claims and volumes from {@code backup}; returns its name. */
    String submit(String appNamespace, String backup) {
        String stamp = Long.toString(clock.instant().getEpochSecond(), 36);
        String base = ("failover-" + appNamespace).toLowerCase(Locale.ROOT);
        String name = (base.length() > 240 ? base.substring(0, 240) : base) + "-" + stamp;
        Restore r = new Restore();
        r.getMetadata().setNamespace(namespace);
        r.getMetadata().setName(name);
        r.getMetadata().setLabels(java.util.Map.of("fleet.arca.dev/failover", "true"));
        RestoreResourceSpec spec = new RestoreResourceSpec();
        spec.setBackupName(backup);
        spec.setIncludedNamespaces(List.of(appNamespace));
        spec.setIncludedResources(List.of("persistentvolumeclaims", "persistentvolumes"));
        spec.setRestoreVolumes(true);
        r.setSpec(spec);
        member.resource(r).create();
        return name;
    }

    /** The Restore's phase once it is done, or as it is when {@code wait} runs out ("New" when it has none yet). */
    String await(String name, Duration wait) {
        Instant deadline = clock.instant().plus(wait);
        while (true) {
            Restore r = member.resources(Restore.class).inNamespace(namespace).withName(name).get();
            RestorePhase phase = r == null || r.getStatus() == null ? null : r.getStatus().getPhase();
            if (phase != null && DONE.contains(phase) || !clock.instant().isBefore(deadline)) {
                return phase == null ? "New" : phase.name();
            }
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return phase == null ? "New" : phase.name();
            }
        }
    }
}
