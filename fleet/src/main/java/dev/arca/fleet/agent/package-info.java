/**
 * Applying a Work to a member and reporting what the member holds: used by the hub for Push-mode
 * members and by {@code arca fleet agent} beside a Pull-mode member, which connects out to the hub.
 */
package dev.arca.fleet.agent;
