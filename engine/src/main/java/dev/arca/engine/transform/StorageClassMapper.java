package dev.arca.engine.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.api.ArcaException;
import dev.arca.archive.ItemKey;
import java.util.ArrayList;
import java.util.List;

/**
 * Replaces one storage class by another where restored items name it: PVCs ({@code
 * spec.storageClassName} and the old beta annotation), PVs and StatefulSets' volumeClaimTemplates.
 */
public record StorageClassMapper(String from, String to) implements Transform {
    static final String BETA_ANNOTATION = "volume.beta.kubernetes.io/storage-class";

    public StorageClassMapper {
        if (from == null || from.isBlank() || to == null || to.isBlank()) {
            throw new ArcaException.InvalidInput("storage-class map \"" + from + "=" + to + "\" is not old=new");
        }
    }

    @Override
    public String name() {
        return "storage-class map " + from + "=" + to;
    }

    @Override
    public boolean applies(ItemKey key, String originalNamespace, ObjectNode item) {
        return !places(key, item).isEmpty();
    }

    @Override
    public void apply(ItemKey key, String originalNamespace, ObjectNode item) {
        for (Place p : places(key, item)) {
            p.parent().put(p.field(), to);
        }
    }

    private record Place(ObjectNode parent, String field) {
    }

    private List<Place> places(ItemKey key, ObjectNode item) {
        List<Place> out = new ArrayList<>();
        switch (key.resource()) {
            case "persistentvolumeclaims", "persistentvolumes" -> {
                add(out, item.path("spec"), "storageClassName");
                add(out, item.path("metadata").path("annotations"), BETA_ANNOTATION);
            }
            case "statefulsets.apps" -> item.path("spec").path("volumeClaimTemplates")
                    .forEach(t -> add(out, t.path("spec"), "storageClassName"));
            default -> {
            }
        }
        return out;
    }

    private void add(List<Place> out, JsonNode parent, String field) {
        if (parent instanceof ObjectNode o && from.equals(o.path(field).asText(null))) {
            out.add(new Place(o, field));
        }
    }
}
