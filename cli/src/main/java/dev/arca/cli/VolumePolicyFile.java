package dev.arca.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.arca.api.ArcaException;
import dev.arca.api.VolumePolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a volume policy file in Velero's resource-policy format:
 * <pre>
 * version: v1
 * volumePolicies:
 *   - conditions: {storageClass: [scratch], capacity: "0,100Gi"}
 *     action: {type: skip}          # or fs-backup
 * </pre>
 */
final class VolumePolicyFile {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private VolumePolicyFile() {
    }

    static VolumePolicy read(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new ArcaException.InvalidInput("volume policy file " + file + " does not exist");
        } catch (IOException e) {
            throw new ArcaException.InvalidInput("volume policy file " + file + " is not YAML: " + e.getMessage());
        }
        if (root == null || !root.path("volumePolicies").isArray()) {
            throw new ArcaException.InvalidInput("volume policy file " + file + " has no volumePolicies list");
        }
        List<VolumePolicy.Rule> rules = new ArrayList<>();
        int i = 0;
        for (JsonNode rule : root.get("volumePolicies")) {
            String where = "volume policy file " + file + ", rule " + (++i);
            List<String> classes = new ArrayList<>();
            rule.path("conditions").path("storageClass").forEach(c -> classes.add(c.asText()));
            JsonNode capacity = rule.path("conditions").path("capacity");
            String type = rule.path("action").path("type").asText("");
            VolumePolicy.Action action = switch (type) {
                case "skip" -> VolumePolicy.Action.skip;
                case "fs-backup" -> VolumePolicy.Action.fsBackup;
                default -> throw new ArcaException.InvalidInput(where + ": action type \"" + type + "\" is not skip or fs-backup");
            };
            try {
                rules.add(new VolumePolicy.Rule(classes, capacity.isMissingNode() ? null : capacity.asText(), action));
            } catch (ArcaException.InvalidInput e) {
                throw new ArcaException.InvalidInput(where + ": " + e.getMessage());
            }
        }
        return new VolumePolicy(rules);
    }
}
