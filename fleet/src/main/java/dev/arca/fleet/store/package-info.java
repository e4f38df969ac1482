/**
 * The hub's optional SQL store: status history and an audit log of every propagation, kept in
 * PostgreSQL (hub option {@code --store jdbc:postgresql://...}) instead of etcd for fleets too
 * large for it; writes are batched off the hub's threads and never block or fail a reconcile.
 */
package dev.arca.fleet.store;
