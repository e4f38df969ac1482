package dev.arca.repository.content;

/**
 * What a content store session did: chunks offered, chunks that were new, their plaintext bytes,
 * and the bytes written to packs after compression and encryption.
 */
public record ContentStats(long chunks, long newChunks, long bytes, long newBytes, long storedBytes) {
    public static final ContentStats EMPTY = new ContentStats(0, 0, 0, 0, 0);

    public ContentStats plus(ContentStats o) {
        return new ContentStats(chunks + o.chunks, newChunks + o.newChunks, bytes + o.bytes, newBytes + o.newBytes,
                storedBytes + o.storedBytes);
    }
}
