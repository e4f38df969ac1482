package dev.arca.server.velero;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Velero document read far enough to convert: its kind, name, labels and spec fields, and
 * notes on the metadata and status that do not carry over.
 */
final class VeleroObject {

    private final String kind;
    private final String name;
    private final Map<String, String> labels;
    private final Fields spec;
    private final List<String> metadataNotes = new ArrayList<>();

    private VeleroObject(String kind, String name, Map<String, String> labels, Fields spec) {
        this.kind = kind;
        this.name = name;
        this.labels = labels;
        this.spec = spec;
    }

    /** Reads a document whose kind is known; needs metadata.name and spec. */
    static VeleroObject read(String kind, JsonNode document) {
        Fields metadata = Fields.of("metadata", document.get("metadata"));
        String name = metadata.text("name");
        if (name == null || name.isBlank()) {
            throw new ImportProblem("metadata.name is missing; give the " + kind + " a name");
        }
        if (document.get("spec") == null || document.get("spec").isNull()) {
            throw new ImportProblem("spec is missing; a Velero " + kind + " needs one");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        JsonNode labelNode = metadata.take("labels");
        if (labelNode != null) {
            labelNode.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        }
        VeleroObject object = new VeleroObject(kind, name, labels, Fields.of("spec", document.get("spec")));
        String namespace = metadata.text("namespace");
        if (namespace != null) {
            object.metadataNotes.add("metadata.namespace " + namespace + " dropped: create the object in the"
                    + " namespace the Arca server watches (kubectl apply -n)");
        }
        metadata.dropRest(object.metadataNotes, Map.of("annotations", "Velero's and kubectl's annotations"
                + " mean nothing to Arca"), "the API server sets it anew");
        if (document.get("status") != null && !document.get("status").isNull()) {
            object.metadataNotes.add("status dropped: the Arca server computes its own");
        }
        return object;
    }

    String name() {
        return name;
    }

    String source() {
        return kind + "/" + name;
    }

    Fields spec() {
        return spec;
    }

    List<String> metadataNotes() {
        return metadataNotes;
    }

    /** The Arca object's metadata: the same name and labels. */
    ObjectMeta arcaMetadata() {
        return new ObjectMetaBuilder().withName(name).withLabels(labels.isEmpty() ? null : labels).build();
    }
}
