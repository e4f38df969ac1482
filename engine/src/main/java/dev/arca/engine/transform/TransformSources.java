package dev.arca.engine.transform;

import dev.arca.api.ArcaException;
import dev.arca.api.RestoreTransforms;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a restore's transforms come from besides flags: a resource-modifier ConfigMap (its single
 * data key holds the YAML, as Velero's) and Velero's plugin-config ConfigMaps labelled
 * {@code velero.io/change-storage-class} ({@code old: new}) or {@code velero.io/change-image-name}
 * ({@code anykey: "old,new"}). ConfigMaps are read only when named; see docs/transforms.md.
 */
public final class TransformSources {
    static final String STORAGE_CLASS_LABEL = "velero.io/change-storage-class";
    static final String IMAGE_NAME_LABEL = "velero.io/change-image-name";

    private TransformSources() {
    }

    /** The modifier rules held by ConfigMap {@code namespace/name}. */
    public static RestoreTransforms modifiers(KubernetesClient client, String namespace, String name) {
        return modifiers(get(client, namespace, name, "resource modifiers"));
    }

    static RestoreTransforms modifiers(ConfigMap cm) {
        String where = "ConfigMap " + cm.getMetadata().getNamespace() + "/" + cm.getMetadata().getName();
        Map<String, String> data = cm.getData() == null ? Map.of() : cm.getData();
        if (data.size() != 1) {
            throw new ArcaException.InvalidInput(where + " has " + data.size() + " data keys; a resource-modifier ConfigMap "
                    + "holds exactly one (kubectl create configmap NAME --from-file=modifiers.yaml)");
        }
        Map.Entry<String, String> only = data.entrySet().iterator().next();
        return new RestoreTransforms(only.getValue(), where + " key " + only.getKey(), null, null);
    }

    /** The mappings of a Velero plugin-config ConfigMap {@code namespace/name}. */
    public static RestoreTransforms mappings(KubernetesClient client, String namespace, String name) {
        return mappings(get(client, namespace, name, "mapping"));
    }

    static RestoreTransforms mappings(ConfigMap cm) {
        String where = "ConfigMap " + cm.getMetadata().getNamespace() + "/" + cm.getMetadata().getName();
        Map<String, String> labels = cm.getMetadata().getLabels() == null ? Map.of() : cm.getMetadata().getLabels();
        Map<String, String> data = cm.getData() == null ? Map.of() : cm.getData();
        if (labels.containsKey(STORAGE_CLASS_LABEL)) {
            return new RestoreTransforms(null, null, data, null);
        }
        if (labels.containsKey(IMAGE_NAME_LABEL)) {
            List<String> rules = new ArrayList<>();
            data.forEach((key, value) -> {
                String[] p = value.split(",", -1);
                if (p.length != 2 || p[0].isBlank() || p[1].isBlank()) {
                    throw new ArcaException.InvalidInput(where + " key " + key + ": \"" + value + "\" is not old,new");
                }
                rules.add(p[0].strip() + "=" + p[1].strip());
            });
            return new RestoreTransforms(null, null, null, rules);
        }
        throw new ArcaException.InvalidInput(where + " has neither label " + STORAGE_CLASS_LABEL + " nor " + IMAGE_NAME_LABEL
                + "; label it as Velero's plugin configuration is labelled");
    }

    /** Both together: one modifier source at most; maps and image rules in order, later ones winning a storage class. */
    public static RestoreTransforms merge(RestoreTransforms a, RestoreTransforms b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        if (a.resourceModifiers() != null && b.resourceModifiers() != null) {
            throw new ArcaException.InvalidInput("resource modifiers come from both " + a.resourceModifiersSource() + " and "
                    + b.resourceModifiersSource() + "; give one");
        }
        Map<String, String> classes = new LinkedHashMap<>(a.storageClassMap());
        classes.putAll(b.storageClassMap());
        List<String> images = new ArrayList<>(a.imageMap());
        images.addAll(b.imageMap());
        boolean fromA = a.resourceModifiers() != null;
        return new RestoreTransforms(fromA ? a.resourceModifiers() : b.resourceModifiers(),
                fromA ? a.resourceModifiersSource() : b.resourceModifiersSource(), classes, images);
    }

    private static ConfigMap get(KubernetesClient client, String namespace, String name, String what) {
        ConfigMap cm = client.configMaps().inNamespace(namespace).withName(name).get();
        if (cm == null) {
            throw new ArcaException.InvalidInput(what + " ConfigMap " + namespace + "/" + name + " not found; create it there "
                    + "or name the namespace with -n");
        }
        return cm;
    }
}
