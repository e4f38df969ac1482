/**
 * Pure decisions of the fleet: which hub objects a policy selects, which members and cells they go
 * to with what share of replicas, what a mask lets through, and how far a rollout goes. No I/O.
 */
package dev.arca.fleet.placement;
