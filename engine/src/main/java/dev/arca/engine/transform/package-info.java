/**
 * Restore transforms: the one patch engine (RFC 6902 with path globs and value regexes, RFC 7386,
 * strategic merge) behind Velero's resource modifiers and the typed storage-class and image
 * mappers, applied to each item after the namespace mapping and before it is applied.
 */
package dev.arca.engine.transform;
