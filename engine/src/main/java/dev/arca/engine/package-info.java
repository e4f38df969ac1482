/**
 * The engine: backup (discover, select, collect, act, archive) and restore (read, plan, transform,
 * apply, report). It never prints and never exits; it reports through {@link dev.arca.engine.ProgressListener}
 * and returns results.
 */
package dev.arca.engine;
