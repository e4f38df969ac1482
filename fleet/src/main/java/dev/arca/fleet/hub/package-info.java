/**
 * The hub's controllers, on the Java Operator SDK: policies claim hub objects in bindings, bindings
 * are placed, rolled out and rendered into Works, member clusters are probed and cleaned, and the
 * Works of Push-mode members are applied by the hub itself ({@link dev.arca.fleet.agent}).
 */
package dev.arca.fleet.hub;
