/**
 * Hooks: commands run in pods' containers around a backup's collection and after a restore, and
 * init containers added to restored pods, from Velero's pod annotations or the spec's rules; the
 * runners call in here before and after their own steps.
 */
package dev.arca.engine.hooks;
