package dev.arca.engine.backup;

import dev.arca.engine.discovery.ResourceType;
import java.util.function.BiConsumer;

/** A bound PersistentVolumeClaim brings its PersistentVolume along. */
public final class PersistentVolumeOfClaim implements ItemAction {
    @Override
    public void act(ResourceType type, ListedItem item, BiConsumer<String, String> related) {
        if (!type.resource().equals("persistentvolumeclaims")) {
            return;
        }
        String volume = item.json().path("spec").path("volumeName").asText("");
        if (!volume.isEmpty()) {
            related.accept("persistentvolumes", volume);
        }
    }
}
