/**
 * Pure decisions of the fleet, between the resources and the hub's reconcilers: which hub objects
 * a policy selects ({@link dev.arca.fleet.placement.Selection}), which members and cells they go to
 * with what share of replicas ({@link dev.arca.fleet.placement.Scheduler}), what a mask lets through
 * ({@link dev.arca.fleet.placement.Masks}), and how far a changed template rolls out
 * ({@link dev.arca.fleet.placement.RolloutPlanner}). No I/O; the time is a parameter.
 *
 * <p>Rollout semantics: with no steps or no previous version every target gets the new template
 * (Complete). A new hash starts at step 0: the targets of {@code steps[0]}'s mask get it, the others
 * keep the previous one (Progressing). When every target of the current step holds the new hash
 * and reports Healthy the rollout moves to the next step (the union of the masks reached holds the
 * new template); after the last, every target gets it (Complete). A target of the step reporting
 * Unhealthy on the new hash, or the step not all Healthy within the health timeout, halts it
 * (Halted: the reached targets keep the new template) or, with {@code rollbackOnFailure}, gives
 * every target the previous one (RolledBack). Halted and RolledBack stay until a new hash arrives.
 * Invariant: while not Complete, no target outside the masks of the steps reached holds the new
 * template. docs/fleet.md, section Rollout, has the whole table.
 */
package dev.arca.fleet.placement;
