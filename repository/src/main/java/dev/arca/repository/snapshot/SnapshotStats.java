package dev.arca.repository.snapshot;

import dev.arca.repository.content.ContentStats;
import java.util.Objects;

/**
 * What a snapshot saw and stored.
 *
 * @param files          regular files recorded (hard links included)
 * @param dirs           directories recorded, the root included
 * @param symlinks       symbolic links recorded
 * @param specials       fifos, sockets and devices recorded but without content
 * @param hardLinks      files recorded as a link to an earlier path of the same inode
 * @param filesUnchanged files whose content was taken from the parent snapshot without reading
 * @param bytesRead      bytes read from files
 * @param bytesReused    bytes of files taken from the parent snapshot
 * @param warnings       paths skipped with a warning (e.g. vanished during the walk)
 * @param errors         paths that could not be read and are missing from the snapshot
 * @param content        the content store's counters over the snapshot (chunks offered, new
 *                       chunks and bytes, stored bytes), directory objects included
 */
public record SnapshotStats(long files, long dirs, long symlinks, long specials, long hardLinks, long filesUnchanged,
        long bytesRead, long bytesReused, long warnings, long errors, ContentStats content) {

    public SnapshotStats {
        Objects.requireNonNull(content, "content");
        if (files < 0 || dirs < 0 || symlinks < 0 || specials < 0 || hardLinks < 0 || filesUnchanged < 0
                || bytesRead < 0 || bytesReused < 0 || warnings < 0 || errors < 0) {
            throw new IllegalArgumentException("negative snapshot counter");
        }
    }
}
