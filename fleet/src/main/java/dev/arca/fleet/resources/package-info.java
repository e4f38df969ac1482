/**
 * The fleet's custom resources, group {@code fleet.arca.dev} on the hub's API server: member clusters
 * and their cells, propagation and override policies, and the two records the hub writes for itself
 * (a {@link dev.arca.fleet.resources.ResourceBinding} per propagated object, a
 * {@link dev.arca.fleet.resources.Work} per object and member). Spec and status classes are plain
 * data holders with public fields, read by Jackson and by the CRD generator; the shapes follow
 * Karmada's where Karmada has one, so that its users recognise them.
 */
package dev.arca.fleet.resources;
