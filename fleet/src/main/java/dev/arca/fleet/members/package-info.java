/**
 * How the hub holds and uses its members' credentials: a member's kubeconfig sealed into a Secret
 * under the fleet key, clients opened from it with short timeouts, the reachability probe and the
 * Ready / Unreachable conditions it leads to, and the fleet CRDs' install. Used by the hub's
 * reconcilers and by {@code arca fleet join|unjoin}; never by the pure {@code placement} package.
 */
package dev.arca.fleet.members;
