package dev.arca.repository.snapshot;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.arca.repository.object.ObjectRef;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One snapshot of one volume: where its tree is, when and from where it was taken, and what it
 * cost. Stored (sealed) by {@link SnapshotStore} under {@code repository/snapshots/<id>}.
 *
 * @param id         128 random bits as 32 lowercase hex digits
 * @param volume     the volume's key, e.g. {@code namespace/pvc-name}
 * @param backupName the Arca backup this snapshot belongs to
 * @param time       when the snapshot started
 * @param root       the root directory's entry (empty name); its {@code object} is the root
 *                   directory object
 * @param stats      what the snapshot read and stored
 * @param parentId   the snapshot it was taken incrementally against, or null
 * @param tags       free-form labels, sorted by key
 * @param hostname   the host that took it, or null
 * @param sourcePath the directory that was snapshotted, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SnapshotManifest(String id, String volume, String backupName, Instant time, TreeEntry root,
        SnapshotStats stats, String parentId, Map<String, String> tags, String hostname, String sourcePath) {

    private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");

    public SnapshotManifest {
        checkId(id);
        if (volume == null || volume.isBlank()) {
            throw new IllegalArgumentException("snapshot " + id + " has no volume");
        }
        Objects.requireNonNull(backupName, "backupName");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(stats, "stats");
        if (root.type() != EntryType.DIR) {
            throw new IllegalArgumentException("snapshot " + id + " has a root of type " + root.type() + ", not a directory");
        }
        if (parentId != null) {
            checkId(parentId);
        }
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    /** Refuses anything but 32 lowercase hex digits (ids become object keys). */
    public static String checkId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("a snapshot id is 32 lowercase hex digits, not \"" + id + "\"");
        }
        return id;
    }

    /** The root directory object. */
    @JsonIgnore
    public ObjectRef rootObject() {
        return root.object();
    }

    /** Tags sorted by key, for display. */
    @JsonIgnore
    public Map<String, String> sortedTags() {
        return new TreeMap<>(tags);
    }
}
