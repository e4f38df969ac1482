/**
 * Pure conversion of KubeFed v1beta1 objects (Federated kinds, ReplicaSchedulingPreferences) into
 * plain hub objects and the fleet's propagation and override policies, with a problem line for
 * everything that does not carry over. No I/O; {@code arca fleet import kubefed} prints or applies the result.
 */
package dev.arca.fleet.kubefed;
