package dev.arca.api;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Partial failure as data: warnings and errors of a backup or restore. Only total failure is an
 * exception.
 */
public record Outcome(List<Problem> warnings, List<Problem> errors) {
    public static final Outcome EMPTY = new Outcome(List.of(), List.of());

    public Outcome {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** Problems grouped by namespace; cluster-scoped ones under the key {@code "cluster"}. */
    public static Map<String, List<Problem>> byNamespace(List<Problem> problems) {
        return problems.stream().collect(Collectors.groupingBy(
                p -> p.namespace() == null ? "cluster" : p.namespace(), TreeMap::new, Collectors.toList()));
    }
}
