package dev.arca.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.arca.api.ArcaException;
import dev.arca.api.BackupHooks;
import dev.arca.api.RestoreHooks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads {@code --hooks-file}: YAML in the shape of a Velero Backup's or Restore's {@code hooks:}
 * ({@code hooks: {resources: [{name, includedNamespaces, labelSelector, pre, post}]}} for a backup,
 * {@code postHooks} of {@code init} and {@code exec} steps for a restore), or its {@code resources:}
 * list alone. Velero's {@code includedResources}/{@code excludedResources} are accepted and ignored:
 * hooks run in pods.
 */
final class HooksFile {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private HooksFile() {
    }

    static BackupHooks backup(Path file) {
        return read(file, BackupHooks.class).validate();
    }

    static RestoreHooks restore(Path file) {
        return read(file, RestoreHooks.class).validate();
    }

    private static <T> T read(Path file, Class<T> type) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new ArcaException.InvalidInput("hooks file " + file + " does not exist");
        } catch (IOException e) {
            throw new ArcaException.InvalidInput("hooks file " + file + " is not YAML: " + e.getMessage());
        }
        JsonNode hooks = root == null ? null : root.has("hooks") ? root.get("hooks") : root;
        if (hooks == null || !hooks.path("resources").isArray()) {
            throw new ArcaException.InvalidInput("hooks file " + file + " has no hooks.resources list; see docs/hooks.md");
        }
        try {
            return YAML.treeToValue(hooks, type);
        } catch (com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException e) {
            throw new ArcaException.InvalidInput("hooks file " + file + " at " + path(e) + ": unknown field \"" + e.getPropertyName()
                    + "\" (known here: " + e.getKnownPropertyIds() + "); see docs/hooks.md");
        } catch (JsonMappingException e) {
            Throwable cause = e.getCause() instanceof ArcaException ? e.getCause() : e;
            throw new ArcaException.InvalidInput("hooks file " + file + " at " + path(e) + ": "
                    + (cause == e ? e.getOriginalMessage() : cause.getMessage()) + "; see docs/hooks.md");
        } catch (IOException e) {
            throw new ArcaException.InvalidInput("hooks file " + file + " cannot be read: " + e.getMessage());
        }
    }

    /** Where in the document a mapping failed, as {@code hooks.resources[0].pre[1].exec}. */
    private static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder("hooks");
        for (JsonMappingException.Reference r : e.getPath()) {
            out.append(r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]");
        }
        return out.toString();
    }
}
