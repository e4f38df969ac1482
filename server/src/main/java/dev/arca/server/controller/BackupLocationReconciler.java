package dev.arca.server.controller;

import dev.arca.api.Durations;
import dev.arca.server.resources.BackupLocation;
import dev.arca.server.resources.BackupLocationStatus;
import dev.arca.server.resources.LocationPhase;
import dev.arca.storage.ObjectStore;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.time.Instant;

/**
 * Checks each BackupLocation every {@code spec.validationFrequency} (a minute by default): it is
 * Available when the location opens and lists (and, encrypted, its key opens with the passphrase
 * of its Secret), else Unavailable with the provider's cause. An Available location is then
 * synced ({@link BackupSync}). A phase change is an Event; the status never holds a secret.
 */
public final class BackupLocationReconciler implements Reconciler<BackupLocation> {
    private static final Duration DEFAULT_FREQUENCY = Duration.ofMinutes(1);
    private final ServerContext ctx;
    private final BackupSync sync;

    public BackupLocationReconciler(ServerContext ctx) {
        this.ctx = ctx;
        this.sync = new BackupSync(ctx);
    }

    @Override
    public UpdateControl<BackupLocation> reconcile(BackupLocation location, Context<BackupLocation> context) {
        Duration every = frequency(location);
        Instant now = ctx.clock().instant();
        BackupLocationStatus old = location.getStatus() == null ? new BackupLocationStatus() : location.getStatus();
        BackupLocationStatus status = new BackupLocationStatus();
        status.setLastValidationTime(StatusPatch.time(now));
        String name = location.getMetadata().getName();
        try (ObjectStore store = ctx.opener().apply(location)) {
            Instant listed = Instant.now();
            java.util.List<String> backups = dev.arca.archive.LocationLayout.backupNames(store);
            status.setPhase(LocationPhase.Available);
            status.setMessage(store.describe() + " holds " + backups.size() + " backups");
            status.setConditions(StatusPatch.setCondition(old.getConditions(), "Available", true, "Validated",
                    status.getMessage(), now));
            publish(location, old, status);
            try {
                sync.sync(location, store, backups, listed);
            } catch (RuntimeException e) { // a sync that breaks off says nothing of the location's availability
                org.slf4j.LoggerFactory.getLogger(BackupLocationReconciler.class).warn("sync of location {} broke off: {}",
                        name, Messages.describe(e));
            }
        } catch (RuntimeException e) {
            status.setPhase(LocationPhase.Unavailable);
            status.setMessage(Messages.describe(e));
            status.setConditions(StatusPatch.setCondition(old.getConditions(), "Available", false, "ValidationFailed",
                    status.getMessage(), now));
            publish(location, old, status);
        }
        return UpdateControl.<BackupLocation>noUpdate().rescheduleAfter(every.compareTo(ctx.maxRecheck()) > 0
                ? ctx.maxRecheck() : every);
    }

    private void publish(BackupLocation location, BackupLocationStatus old, BackupLocationStatus status) {
        StatusPatch.patch(ctx.client(), location, status);
        if (old.getPhase() != status.getPhase()) {
            if (status.getPhase() == LocationPhase.Available) {
                ctx.events().normal(location, "Available", status.getMessage());
            } else {
                ctx.events().warning(location, "Unavailable", status.getMessage());
            }
        }
    }

    private static Duration frequency(BackupLocation location) {
        String text = location.getSpec() == null ? null : location.getSpec().getValidationFrequency();
        try {
            Duration d = text == null ? DEFAULT_FREQUENCY : Durations.parse("spec.validationFrequency", text);
            return d.isZero() ? DEFAULT_FREQUENCY : d;
        } catch (RuntimeException e) {
            return DEFAULT_FREQUENCY;
        }
    }
}
