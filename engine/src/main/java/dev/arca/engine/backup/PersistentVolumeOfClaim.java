package dev.arca.engine.backup;

import dev.arca.engine.discovery.ResourceType;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Map;
import java.util.function.BiConsumer;

/** A bound PersistentVolumeClaim brings its PersistentVolume along. */
public final class PersistentVolumeOfClaim implements ItemAction {
    @Override
    public void act(ResourceType type, GenericKubernetesResource item, BiConsumer<String, String> related) {
        if (!type.resource().equals("persistentvolumeclaims")) {
            return;
        }
        Object spec = item.getAdditionalProperties().get("spec");
        if (spec instanceof Map<?, ?> m && m.get("volumeName") instanceof String volume && !volume.isEmpty()) {
            related.accept("persistentvolumes", volume);
        }
    }
}
