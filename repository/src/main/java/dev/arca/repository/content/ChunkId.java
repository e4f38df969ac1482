package dev.arca.repository.content;

import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * The identity of a chunk: HMAC-SHA-256 of its plaintext under the repository's id key, so equal
 * data has equal ids inside one repository and the id tells nothing about the data to anyone
 * without the key. Held as four longs: compact in an index of millions, and a record's equals.
 */
public record ChunkId(long a, long b, long c, long d) implements Comparable<ChunkId> {
    public static final int BYTES = 32;

    public static ChunkId of(byte[] digest) {
        if (digest.length != BYTES) {
            throw new IllegalArgumentException("a chunk id has " + BYTES + " bytes, not " + digest.length);
        }
        ByteBuffer buf = ByteBuffer.wrap(digest);
        return new ChunkId(buf.getLong(), buf.getLong(), buf.getLong(), buf.getLong());
    }

    /** Parses the 64 hex digits {@link #toString()} prints. */
    public static ChunkId parse(String hex) {
        if (hex == null || hex.length() != 2 * BYTES) {
            throw new IllegalArgumentException("a chunk id is " + 2 * BYTES + " hex digits, not \"" + hex + "\"");
        }
        return of(HexFormat.of().parseHex(hex));
    }

    public byte[] bytes() {
        return ByteBuffer.allocate(BYTES).putLong(a).putLong(b).putLong(c).putLong(d).array();
    }

    @Override
    public int compareTo(ChunkId o) {
        int r = Long.compareUnsigned(a, o.a);
        if (r == 0) {
            r = Long.compareUnsigned(b, o.b);
        }
        if (r == 0) {
            r = Long.compareUnsigned(c, o.c);
        }
        return r != 0 ? r : Long.compareUnsigned(d, o.d);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes());
    }
}
