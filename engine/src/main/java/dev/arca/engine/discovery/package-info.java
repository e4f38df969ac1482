/** Discovery, the first step of a backup: which resource types the cluster serves, at their preferred versions. */
package dev.arca.engine.discovery;
