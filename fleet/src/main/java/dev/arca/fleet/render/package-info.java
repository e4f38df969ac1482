/**
 * Pure functions from a hub object to what a member receives and back: rendering (server-owned
 * fields stripped, metadata rules, replicas, cell node selector, override policies on the engine's
 * patch engine, the binding label), the retain merge with the member's live copy, health per kind,
 * the ConfigMaps, Secrets and ServiceAccount a workload depends on, and the template hash. No I/O.
 */
package dev.arca.fleet.render;
