package dev.arca.repository.content;

import dev.arca.api.ArcaException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The plaintext of an index file, compact binary (45 bytes a chunk; JSON would be three times that
 * and slower to load):
 * <pre>
 * int magic "AIX1", int packCount,
 *   per pack: UTF packId, int chunkCount,
 *     per chunk: 32 bytes id, int offset, int length, int rawLength, byte flags (1 = zstd)
 * </pre>
 * Stored sealed by {@link ChunkCodec#seal} with associated data {@link #AD}.
 */
public final class IndexFile {
    static final int MAGIC = 0x41495831;
    private static final int ENTRY_BYTES = ChunkId.BYTES + 13;
    /** The associated data index files are sealed with. */
    public static final byte[] AD = "arca/index/v1".getBytes(StandardCharsets.US_ASCII);

    private IndexFile() {
    }

    public static byte[] encode(Map<ChunkId, ChunkLocation> entries) {
        Map<String, List<Map.Entry<ChunkId, ChunkLocation>>> byPack = new HashMap<>();
        for (Map.Entry<ChunkId, ChunkLocation> e : entries.entrySet()) {
            byPack.computeIfAbsent(e.getValue().pack(), p -> new ArrayList<>()).add(e);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + entries.size() * ENTRY_BYTES + byPack.size() * 72);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(byPack.size());
            for (Map.Entry<String, List<Map.Entry<ChunkId, ChunkLocation>>> pack : byPack.entrySet()) {
                out.writeUTF(pack.getKey());
                out.writeInt(pack.getValue().size());
                pack.getValue().sort(Comparator.comparingInt(e -> e.getValue().offset()));
                for (Map.Entry<ChunkId, ChunkLocation> e : pack.getValue()) {
                    ChunkId id = e.getKey();
                    ChunkLocation l = e.getValue();
                    out.writeLong(id.a());
                    out.writeLong(id.b());
                    out.writeLong(id.c());
                    out.writeLong(id.d());
                    out.writeInt(l.offset());
                    out.writeInt(l.length());
                    out.writeInt(l.rawLength());
                    out.writeByte(l.compressed() ? 1 : 0);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    /** Adds every entry to {@code into}, one object per pack and none per chunk. */
    static void decode(byte[] plain, String what, ChunkTable.Entries into) {
        ByteBuffer in = ByteBuffer.wrap(plain);
        try {
            if (in.getInt() != MAGIC) {
                throw new ArcaException.Corrupt(what + " is not an index file of this format; restore it from a copy");
            }
            int packs = in.getInt();
            for (int p = 0; p < packs; p++) {
                byte[] name = new byte[Short.toUnsignedInt(in.getShort())]; // DataOutput.writeUTF: ASCII is one byte a char
                in.get(name);
                String pack = new String(name, StandardCharsets.ISO_8859_1);
                if (!RepositoryLayout.isId(pack)) {
                    throw new ArcaException.Corrupt(what + " names an impossible pack \"" + pack + "\"");
                }
                int chunks = in.getInt();
                if (chunks < 0 || chunks > in.remaining() / ENTRY_BYTES) {
                    throw new IllegalArgumentException("pack " + pack + " has " + chunks + " chunks in " + in.remaining()
                            + " bytes");
                }
                into.pack(pack);
                into.reserve(chunks);
                for (int i = 0; i < chunks; i++) {
                    into.add(in.getLong(), in.getLong(), in.getLong(), in.getLong(), in.getInt(), in.getInt(), in.getInt(),
                            in.get() == 1);
                }
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException(in.remaining() + " bytes after the last pack");
            }
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new ArcaException.Corrupt(what + " is truncated or malformed (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); restore it from a copy", e);
        }
    }
}
