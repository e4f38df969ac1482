/**
 * {@code bench/volumes}: Arca's volume-data repository against restic on the same data in the
 * same run. {@link dev.arca.bench.volumes.DataSet} generates a mixed data set from a seed,
 * {@link dev.arca.bench.volumes.VolumeBench} times each tool's initial backup, incremental backup
 * after a 1% change, and full restore as separate processes (Arca through
 * {@link dev.arca.bench.volumes.VolumeTool}), checks the restores, and prints figures; none passes
 * or fails on a time.
 */
package dev.arca.bench.volumes;
