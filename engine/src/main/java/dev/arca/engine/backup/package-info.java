/**
 * The backup flow after discovery and selection: collect items with paged, parallel LISTs, let
 * item actions add related items, and stream everything into the archive.
 */
package dev.arca.engine.backup;
