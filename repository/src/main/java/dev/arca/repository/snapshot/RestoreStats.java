package dev.arca.repository.snapshot;

/**
 * What a restore wrote.
 *
 * @param files        regular files written (hard links included)
 * @param dirs         directories restored, the target included
 * @param symlinks     symbolic links created
 * @param hardLinks    hard links created
 * @param skipped      special entries (fifos, sockets, devices) recorded but not recreated
 * @param bytesWritten bytes of file content written
 */
public record RestoreStats(long files, long dirs, long symlinks, long hardLinks, long skipped, long bytesWritten) {
}
