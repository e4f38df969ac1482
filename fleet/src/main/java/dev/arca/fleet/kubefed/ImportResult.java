package dev.arca.fleet.kubefed;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/**
 * What a KubeFed import produced: the objects to create on the hub, in apply order (Namespaces first),
 * and one line per construct that was not converted, naming the object and the field.
 */
public record ImportResult(List<HasMetadata> objects, List<String> problems) {
    public ImportResult {
        objects = List.copyOf(objects);
        problems = List.copyOf(problems);
    }

    /** Everything in the input was converted. */
    public boolean clean() {
        return problems.isEmpty();
    }
}
