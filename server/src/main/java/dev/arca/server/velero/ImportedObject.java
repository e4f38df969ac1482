package dev.arca.server.velero;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Objects;

/**
 * One converted Arca object and, per Velero field that was dropped or changed in meaning, a note
 * naming the field and saying why.
 *
 * @param source the Velero object it came from, as {@code Kind/name}
 * @param object the Arca Schedule or BackupLocation
 * @param notes the dropped and changed fields, in the order met
 */
public record ImportedObject(String source, HasMetadata object, List<String> notes) {
    public ImportedObject {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(object, "object");
        notes = List.copyOf(notes);
    }
}
