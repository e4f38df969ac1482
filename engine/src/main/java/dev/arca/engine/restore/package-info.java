/**
 * The restore flow: read a verified archive, plan it into tiers, transform each item (sanitise,
 * map namespaces), apply tiers in order with bounded parallelism, and report per-item outcomes.
 */
package dev.arca.engine.restore;
