/**
 * A real PostgreSQL server (Debian's PostgreSQL 15 binaries on loopback) for integration tests
 * of the fleet hub's optional SQL store.
 */
package dev.arca.testkit.postgres;
