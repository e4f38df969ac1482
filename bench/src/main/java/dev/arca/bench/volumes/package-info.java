/**
 * {@code bench/volumes}: Arca's volume-data repository against restic and borg on the same data
 * in the same run. {@link dev.arca.bench.volumes.DataSet} generates a mixed data set from a seed
 * ({@link dev.arca.bench.volumes.ManyFiles} a tree of many small files),
 * {@link dev.arca.bench.volumes.VolumeBench} times each tool's initial backup, incremental backup
 * after a 1% change, and full restore (each a process; Arca through
 * {@link dev.arca.bench.volumes.VolumeTool}, and also in one warm JVM), checks the restores, and
 * prints medians with their spread; none passes or fails on a time.
 */
package dev.arca.bench.volumes;
