package dev.arca.repository.maintenance;

import dev.arca.repository.content.ChunkId;
import java.util.List;

/**
 * What a verify found.
 * @param indexFiles index files read
 * @param packs packs listed
 * @param chunks indexed chunks checked against the pack listing
 * @param chunksRead chunks sampled, read, decrypted and re-hashed
 * @param problems everything wrong, sorted by object
 */
public record VerifyReport(int indexFiles, int packs, long chunks, long chunksRead, List<Problem> problems) {
    public VerifyReport {
        problems = List.copyOf(problems);
    }

    /**
     * True when no data is lost or altered. Packs in no index (left by an interrupted backup) are
     * garbage, not damage: they do not count, and maintenance removes them.
     */
    public boolean ok() {
        return problems.stream().allMatch(p -> p.kind() == Kind.UNINDEXED_PACK);
    }

    /** One thing wrong: its kind, the object (pack or index key), the chunk when it is about one, and what. */
    public record Problem(Kind kind, String object, ChunkId chunk, String message) {
    }

    public enum Kind {
        /** An index file that does not authenticate or parse: its chunks are unknown. */
        UNREADABLE_INDEX,
        /** An index entry names a pack that does not exist: the chunk is lost. */
        MISSING_PACK,
        /** An index entry reaches past the end of its pack: the chunk is lost. */
        OUT_OF_RANGE,
        /** A pack in no index: left by an interrupted backup, maintenance removes it after the safety delay. */
        UNINDEXED_PACK,
        /** A chunk that does not decrypt, decompress or hash to its id: it was altered. */
        CORRUPT_CHUNK,
        /** A chunk a snapshot refers to that no index holds: that snapshot cannot be restored whole. */
        MISSING_CHUNK
    }
}
