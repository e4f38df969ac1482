package dev.arca.server.velero;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts Velero {@code Schedule} and {@code BackupStorageLocation} YAML ({@code velero.io/v1})
 * into Arca objects, field for field where the meaning is the same, with a note for every field
 * dropped or changed. A document that cannot be converted becomes a problem naming the document,
 * its kind and name, and the field; the other documents are still converted.
 */
public final class VeleroImport {

    static final String VELERO_API = "velero.io/v1";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private VeleroImport() {
    }

    /** Converts every document of a (multi-document) YAML stream. */
    public static VeleroImportResult convert(String yaml) {
        List<ImportedObject> objects = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int index = 0;
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (documents.hasNextValue()) {
                JsonNode document = documents.nextValue();
                index++;
                if (document == null || document.isNull() || document.isMissingNode()) {
                    continue;
                }
                try {
                    objects.add(convertDocument(document));
                } catch (ImportProblem e) {
                    problems.add(describe(index, document) + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            problems.add("document " + (index + 1) + " is not YAML: " + cause(e)
                    + "; fix the YAML, then import again (documents after it were not read)");
        }
        return new VeleroImportResult(objects, problems);
    }

    private static ImportedObject convertDocument(JsonNode document) {
        if (!document.isObject()) {
            throw new ImportProblem("it is a " + document.getNodeType().name().toLowerCase()
                    + ", not a Kubernetes object; give it apiVersion, kind, metadata and spec");
        }
        String kind = document.path("kind").asText("");
        String apiVersion = document.path("apiVersion").asText("");
        if (kind.isEmpty()) {
            throw new ImportProblem("kind is missing; Arca imports Velero kinds Schedule and BackupStorageLocation");
        }
        if (!VELERO_API.equals(apiVersion) || !(kind.equals("Schedule") || kind.equals("BackupStorageLocation"))) {
            throw new ImportProblem("kind " + kind + " of apiVersion '" + apiVersion + "' is not imported;"
                    + " Arca imports only " + VELERO_API + " Schedule and BackupStorageLocation, so it was skipped");
        }
        VeleroObject velero = VeleroObject.read(kind, document);
        return kind.equals("Schedule") ? VeleroSchedules.convert(velero) : VeleroLocations.convert(velero);
    }

    private static String describe(int index, JsonNode document) {
        String kind = document.path("kind").asText("");
        String name = document.path("metadata").path("name").asText("");
        StringBuilder text = new StringBuilder("document ").append(index);
        if (!kind.isEmpty() || !name.isEmpty()) {
            String named = name.isEmpty() ? "without a name" : "\"" + name + "\"";
            text.append(" (").append(kind.isEmpty() ? named + ", no kind" : kind + " " + named).append(')');
        }
        return text.toString();
    }

    private static String cause(IOException e) {
        String message = e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
        String text = message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
        if (e instanceof JsonProcessingException p && p.getLocation() != null) {
            JsonLocation at = p.getLocation();
            text += " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
        }
        return text;
    }
}
