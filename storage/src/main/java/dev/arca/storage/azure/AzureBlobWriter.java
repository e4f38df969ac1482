package dev.arca.storage.azure;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.options.BlockBlobStageBlockOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import dev.arca.storage.PartedWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * A streaming write to Azure Blob. Bytes fill a buffer of one block; when the buffer is full and
 * more bytes come, it is staged as an uncommitted block (Put Block). On commit an object that
 * fit in the buffer goes as one Put Blob, a larger one as its last block followed by Put Block
 * List, which makes the blob visible at once. Closing without a commit leaves only uncommitted
 * blocks, which no read or listing sees and the service deletes.
 *
 * <p>Block ids are unique per writer, so two writers of one key never mix their blocks; the
 * first to commit wins, and the service then drops the other's blocks, so its commit fails.
 */
final class AzureBlobWriter extends PartedWriter {
    /** Azure's limit of committed blocks per blob. */
    private static final int MAX_BLOCKS = 50_000;

    private final AzureBlobObjectStore store;
    private final BlockBlobClient blob;
    private final String writerId = UUID.randomUUID().toString();
    private final List<String> blockIds = new ArrayList<>();

    AzureBlobWriter(AzureBlobObjectStore store, String key, int blockSize) {
        super(key, store.describe(), blockSize, MAX_BLOCKS, "Azure's limit for one blob");
        this.store = store;
        this.blob = store.blob(key);
    }

    @Override
    protected void putWhole(byte[] data, int size) {
        store.upload(key, data, size);
    }

    @Override
    protected void sendPart(int number, byte[] buffer, int size) {
        String id = blockId(number - 1);
        byte[] data = size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
        BlockBlobStageBlockOptions options = new BlockBlobStageBlockOptions(id, BinaryData.fromBytes(data))
                .setContentMd5(AzureBlobObjectStore.md5(data));
        store.call("write block " + number + " of", "object " + key, () -> blob.stageBlockWithResponse(options, null, Context.NONE));
        blockIds.add(id);
    }

    @Override
    protected void completeParts() {
        List<String> all = List.copyOf(blockIds);
        store.call("commit the blocks of", "object " + key, () -> blob.commitBlockList(all, true));
    }

    /** Base64 of "writer id-block number": the same length for every block of the blob, as Azure requires. */
    private String blockId(int index) {
        String raw = writerId + "-" + String.format("%06d", index);
        return Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
    }
}
