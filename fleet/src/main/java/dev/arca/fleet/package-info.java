/**
 * The fleet layer: one hub propagates applications to many member clusters (docs/fleet.md).
 * {@code resources} holds the custom resources of group {@code fleet.arca.dev}; the other packages
 * are named for what they decide or do.
 */
package dev.arca.fleet;
