package dev.arca.server.velero;

/**
 * A Velero document that cannot be converted; the message names the field and what to change.
 * Caught per document by {@link VeleroImport}, never thrown out of it.
 */
final class ImportProblem extends RuntimeException {
    ImportProblem(String message) {
        super(message, null, false, false);
    }
}
