package dev.arca.engine.retention;

import java.util.List;

/**
 * One volume snapshot of a backup, read back chunk by chunk.
 *
 * @param namespace  the claim's namespace
 * @param claim      the claim
 * @param snapshot   the snapshot's id in the location's repository
 * @param chunks     chunks the snapshot refers to
 * @param chunksRead chunks read, decrypted, decompressed and re-hashed to their id
 * @param problems   what is missing or altered; empty when the volume can be restored whole
 */
public record VolumeCheck(String namespace, String claim, String snapshot, long chunks, long chunksRead, List<String> problems) {
    public VolumeCheck {
        problems = List.copyOf(problems);
    }

    public String volume() {
        return namespace + "/" + claim;
    }
}
