package dev.arca.engine.transform;

/**
 * What one transform did in a restore.
 *
 * @param name    the rule or mapper, e.g. {@code resource modifier rule 2 (deployments.apps)}
 * @param matched items it matched
 * @param changed items it actually changed
 */
public record TransformReport(String name, long matched, long changed) {
}
