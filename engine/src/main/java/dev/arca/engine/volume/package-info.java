/**
 * Volume data in backups and restores: which pod volumes to take (annotations, default flag,
 * volume policy), where their files are read from and written to ({@link dev.arca.engine.volume.VolumeSource}),
 * and the hand-off to the repository; runs beside the resource flow of {@code backup} and {@code restore}.
 */
package dev.arca.engine.volume;
