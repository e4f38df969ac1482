package dev.arca.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.arca.api.ArcaException;
import dev.arca.api.BackupLocationSpec;
import dev.arca.archive.LocationLayout;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.ObjectStores;

/**
 * What {@code arca location get} says of one location, probed once through the provider alone (no
 * retries, so an unreachable location is reported at once with the provider's cause).
 *
 * @param backups   backups in the location, or null when it cannot be reached
 * @param usedBytes bytes of all objects under the location, or null
 * @param freeBytes free space, when the provider tells it (a directory), else null
 * @param problem   why it cannot be reached, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record LocationStatus(String name, String provider, String where, String accessMode, String encryption, boolean isDefault,
                      boolean reachable, Integer backups, Long usedBytes, Long freeBytes, String problem) {
    static final String[] HEADER = {"NAME", "PROVIDER", "WHERE", "ACCESS MODE", "ENCRYPTION", "DEFAULT", "STATUS", "BACKUPS", "USED", "FREE"};

    static LocationStatus probe(BackupLocationSpec l, boolean isDefault) {
        String encryption = ObjectStores.encrypted(l) ? "passphrase" : "none";
        String where = l.provider();
        try (ObjectStore store = ObjectStores.openProvider(l)) {
            where = store.describe();
            int backups = LocationLayout.backupNames(store).size();
            long used = store.list("").stream().mapToLong(ObjectStore.ObjectInfo::size).sum();
            Long free = store.freeBytes().isPresent() ? store.freeBytes().getAsLong() : null;
            return new LocationStatus(l.name(), l.provider(), where, l.accessMode().name(), encryption, isDefault, true,
                    backups, used, free, null);
        } catch (ArcaException e) {
            return new LocationStatus(l.name(), l.provider(), where, l.accessMode().name(), encryption, isDefault, false,
                    null, null, null, e.getMessage());
        }
    }

    String[] row() {
        return new String[] {name, provider, where, accessMode, encryption, isDefault ? "true" : "",
                reachable ? "Available" : "Unavailable", backups == null ? "" : backups.toString(), Bytes.human(usedBytes), Bytes.human(freeBytes)};
    }
}
