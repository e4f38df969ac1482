package dev.arca.storage.azure;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.options.BlockBlobStageBlockOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import dev.arca.api.ArcaException;
import dev.arca.storage.ObjectWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A streaming write to Azure Blob. Bytes fill a buffer of one block; when the buffer is full and
 * more bytes come, it is staged as an uncommitted block (Put Block). On commit an object that
 * fit in the buffer goes as one Put Blob, a larger one as its last block followed by Put Block
 * List, which makes the blob visible at once. Closing without a commit leaves only uncommitted
 * blocks, which no read or listing sees and the service deletes. Holds at most one block in
 * memory; the buffer grows to it as needed.
 *
 * <p>Block ids are unique per writer, so two writers of one key never mix their blocks; the
 * first to commit wins, and the service then drops the other's blocks, so its commit fails.
 */
final class AzureBlobWriter extends ObjectWriter {
    private static final int INITIAL_BUFFER = 64 * 1024;
    /** Azure's limit of committed blocks per blob. */
    private static final int MAX_BLOCKS = 50_000;

    private final AzureBlobObjectStore store;
    private final String key;
    private final BlockBlobClient blob;
    private final int blockSize;
    private final String writerId = UUID.randomUUID().toString();
    private final List<String> blockIds = new ArrayList<>();
    private byte[] buffer;
    private int filled;
    private boolean committed;
    private boolean closed;

    AzureBlobWriter(AzureBlobObjectStore store, String key, int blockSize) {
        this.store = store;
        this.key = key;
        this.blob = store.blob(key);
        this.blockSize = blockSize;
        this.buffer = new byte[Math.min(blockSize, INITIAL_BUFFER)];
    }

    @Override
    public void write(int b) {
        ensureWritable();
        makeRoom();
        buffer[filled++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        ensureWritable();
        while (len > 0) {
            makeRoom();
            int n = Math.min(len, buffer.length - filled);
            System.arraycopy(b, off, buffer, filled, n);
            filled += n;
            off += n;
            len -= n;
        }
    }

    @Override
    public void commit() {
        if (committed) {
            return;
        }
        ensureOpen();
        if (blockIds.isEmpty()) {
            store.upload(key, buffer, filled);
        } else {
            if (filled > 0) {
                stageBlock();
            }
            List<String> all = List.copyOf(blockIds);
            store.call("commit the blocks of", "object " + key, () -> blob.commitBlockList(all, true));
        }
        committed = true;
        buffer = null;
    }

    /** Drops the buffer; staged blocks stay uncommitted and invisible until the service deletes them. */
    @Override
    public void close() {
        closed = true;
        buffer = null;
    }

    /** Grows a full buffer up to the block size (small objects stay small), or stages it as a block. */
    private void makeRoom() {
        if (filled < buffer.length) {
            return;
        }
        if (buffer.length < blockSize) {
            buffer = Arrays.copyOf(buffer, (int) Math.min(blockSize, 2L * buffer.length));
        } else {
            stageBlock();
        }
    }

    private void stageBlock() {
        if (blockIds.size() == MAX_BLOCKS) {
            throw new ArcaException.InvalidInput("object " + key + " in " + store.describe() + " is larger than "
                    + MAX_BLOCKS + " blocks of " + blockSize + " bytes, Azure's limit for one blob; write it in pieces");
        }
        String id = blockId(blockIds.size());
        byte[] data = filled == buffer.length ? buffer : Arrays.copyOf(buffer, filled);
        BlockBlobStageBlockOptions options = new BlockBlobStageBlockOptions(id, BinaryData.fromBytes(data))
                .setContentMd5(AzureBlobObjectStore.md5(data));
        store.call("write block " + (blockIds.size() + 1) + " of", "object " + key,
                () -> blob.stageBlockWithResponse(options, null, Context.NONE));
        blockIds.add(id);
        filled = 0;
    }

    /** Base64 of "writer id-block number": the same length for every block of the blob, as Azure requires. */
    private String blockId(int index) {
        String raw = writerId + "-" + String.format("%06d", index);
        return Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
    }

    private void ensureWritable() {
        ensureOpen();
        if (committed) {
            throw new IllegalStateException("the object " + key + " in " + store.describe() + " is committed already");
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the writer of " + key + " in " + store.describe() + " is closed");
        }
    }
}
