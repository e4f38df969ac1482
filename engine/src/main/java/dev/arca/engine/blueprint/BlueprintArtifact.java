package dev.arca.engine.blueprint;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.arca.api.ArcaException;
import dev.arca.archive.ArchiveJson;
import dev.arca.archive.ArchiveReader;
import java.util.List;
import java.util.Map;

/**
 * One blueprint backup action of a backup, as {@value #FILE} records it beside the resources.
 *
 * @param namespace  the workload's namespace
 * @param workload   {@code Kind/name} of the workload ({@code Pod/name} for a bare pod)
 * @param pod        the pod the action ran in
 * @param container  the container it ran in
 * @param blueprint  the blueprint's name
 * @param action     {@code backup}
 * @param parameters the parameters' values the action ran with
 * @param status     BackedUp or Failed
 * @param snapshot   the stream snapshot in the location's repository, when backed up
 * @param bytes      the stream's length, when backed up
 * @param exitCode   the command's exit code, null when it did not exit by itself
 * @param message    why it failed, or null
 * @param restore    the blueprint's restore action as it was at backup time (run at restore unless
 *                   a blueprint file given to the restore redefines the blueprint)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BlueprintArtifact(String namespace, String workload, String pod, String container, String blueprint, String action,
                                Map<String, String> parameters, Status status, String snapshot, Long bytes, Integer exitCode,
                                String message, BlueprintAction restore) {
    /** The file in the backup's directory. */
    public static final String FILE = "blueprints.json";

    /** An action's fate in a backup. */
    public enum Status { BackedUp, Failed }

    public BlueprintArtifact {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }

    /** The artefacts a backup recorded (verified with the archive); empty for a backup without any. */
    public static List<BlueprintArtifact> read(ArchiveReader archive) {
        return archive.file(FILE).map(bytes -> {
            try {
                return List.of(ArchiveJson.mapper().readValue(bytes, BlueprintArtifact[].class));
            } catch (java.io.IOException e) {
                throw new ArcaException.Corrupt("backup \"" + archive.manifest().name() + "\": " + FILE + " cannot be read: "
                        + e.getMessage(), e);
            }
        }).orElse(List.of());
    }
}
