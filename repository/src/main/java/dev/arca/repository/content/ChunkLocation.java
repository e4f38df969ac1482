package dev.arca.repository.content;

/**
 * Where a chunk is stored: {@code length} bytes at {@code offset} in pack {@code pack}, holding
 * {@code rawLength} bytes of plaintext, zstd-compressed or not. Pack ids are shared (one String
 * per pack) so an index of millions stays small: about 100–130 bytes per chunk with its map entry.
 */
public record ChunkLocation(String pack, int offset, int length, int rawLength, boolean compressed) {
    public ChunkLocation {
        if (offset < 0 || length < ChunkCodec.MIN_STORED || rawLength < 0) {
            throw new IllegalArgumentException("impossible chunk location " + offset + "+" + length + " (" + rawLength
                    + " plain bytes) in pack " + pack);
        }
    }

    /** The first byte after the chunk. */
    public long end() {
        return (long) offset + length;
    }

    /** True when this location is preferred over {@code other} for the same chunk: the newer pack wins. */
    public boolean supersedes(ChunkLocation other) {
        int byTime = RepositoryLayout.created(pack).compareTo(RepositoryLayout.created(other.pack));
        return byTime != 0 ? byTime > 0 : pack.compareTo(other.pack) > 0;
    }
}
