package dev.arca.server.velero;

import java.util.List;

/**
 * What {@link VeleroImport#convert(String)} made of a YAML stream: the objects it converted and,
 * per document it could not convert, a problem naming the document, the object and the field.
 */
public record VeleroImportResult(List<ImportedObject> objects, List<String> problems) {
    public VeleroImportResult {
        objects = List.copyOf(objects);
        problems = List.copyOf(problems);
    }

    /** true when every document was converted. */
    public boolean clean() {
        return problems.isEmpty();
    }
}
