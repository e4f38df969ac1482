package dev.arca.repository.maintenance;

/**
 * What a maintenance run did.
 * @param packsBefore packs in the store when the run started
 * @param packBytesBefore their bytes
 * @param packsAfter packs left (including ones written by the rewrite)
 * @param packBytesAfter their bytes
 * @param chunksDropped index entries removed: unreferenced and older than the safety delay
 * @param packsRewritten sparse packs whose live chunks were copied into new packs
 * @param packsDeleted packs removed because nothing they held was kept (rewritten ones included)
 * @param orphanPacksDeleted of those, packs in no index at all (left by an interrupted backup)
 * @param indexesMerged index files read and replaced
 * @param indexesWritten index files written in their place
 * @param orphanSnapshotsForgotten snapshots forgotten first because their backup does not exist
 * @param abandonedWritesDeleted temporary files and incomplete uploads of killed writers removed
 */
public record MaintenanceReport(int packsBefore, long packBytesBefore, int packsAfter, long packBytesAfter,
                                long chunksDropped, int packsRewritten, int packsDeleted, int orphanPacksDeleted,
                                int indexesMerged, int indexesWritten, int orphanSnapshotsForgotten,
                                int abandonedWritesDeleted) {

    public MaintenanceReport withOrphanSnapshotsForgotten(int n) {
        return new MaintenanceReport(packsBefore, packBytesBefore, packsAfter, packBytesAfter, chunksDropped, packsRewritten,
                packsDeleted, orphanPacksDeleted, indexesMerged, indexesWritten, n, abandonedWritesDeleted);
    }
}
