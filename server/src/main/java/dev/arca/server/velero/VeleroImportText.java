package dev.arca.server.velero;

import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * Renders a {@link VeleroImportResult} as text: the converted objects as YAML documents ready for
 * {@code kubectl apply -f -}, each preceded by comments naming its Velero source and its notes;
 * the problems separately, one per line, for standard error.
 */
public final class VeleroImportText {

    private VeleroImportText() {
    }

    /** The converted objects as a multi-document YAML stream with the notes as comments. */
    public static String yaml(VeleroImportResult result) {
        StringBuilder out = new StringBuilder();
        for (ImportedObject object : result.objects()) {
            out.append("---\n# converted from Velero ").append(object.source()).append('\n');
            for (String note : object.notes()) {
                out.append("# note: ").append(note.replace("\n", " ")).append('\n');
            }
            out.append(document(Serialization.asYaml(object.object())));
        }
        return out.toString();
    }

    /** The problems, one per line ("problem: ..."); empty when every document converted. */
    public static String problems(VeleroImportResult result) {
        StringBuilder out = new StringBuilder();
        result.problems().forEach(problem -> out.append("problem: ").append(problem).append('\n'));
        return out.toString();
    }

    private static String document(String yaml) {
        String body = yaml.startsWith("---\n") ? yaml.substring(4) : yaml;
        return body.endsWith("\n") ? body : body + "\n";
    }
}
