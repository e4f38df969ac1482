package dev.arca.storage.s3;

import dev.arca.api.ArcaException;
import dev.arca.storage.ObjectWriter;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * A streaming write to S3. Bytes fill a buffer of one part size; when the buffer is full and more
 * bytes come, a multipart upload starts (on the first part) and the part is sent. On commit an
 * object that fit in the buffer goes as one PutObject, a larger one as its last part followed by
 * CompleteMultipartUpload. Closing without a commit aborts the multipart upload, so no parts are
 * left behind (and billed). Holds at most one part in memory; the buffer grows to it as needed.
 */
final class S3Writer extends ObjectWriter {
    private static final Logger LOG = LoggerFactory.getLogger(S3Writer.class);
    private static final int INITIAL_BUFFER = 64 * 1024;
    private static final int MAX_PARTS = 10_000;

    private final S3ObjectStore store;
    private final String key;
    private final String fullKey;
    private final String bucket;
    private final boolean checksums;
    private final int partSize;
    private byte[] buffer;
    private final List<CompletedPart> parts = new ArrayList<>();
    private int filled;
    private String uploadId;
    private boolean committed;
    private boolean closed;

    S3Writer(S3ObjectStore store, String key, int partSize) {
        this.store = store;
        this.key = key;
        this.fullKey = store.settings().fullKey(key);
        this.bucket = store.settings().bucket();
        this.checksums = store.settings().checksumWhenSupported();
        this.partSize = partSize;
        this.buffer = new byte[Math.min(partSize, INITIAL_BUFFER)];
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
        if (uploadId == null) {
            int size = filled;
            byte[] data = buffer;
            store.call("write", "object " + key, () -> store.client().putObject(b -> b.bucket(bucket).key(fullKey),
                    RequestBody.fromContentProvider(() -> new ByteArrayInputStream(data, 0, size), size,
                            "application/octet-stream")));
        } else {
            if (filled > 0) {
                sendPart();
            }
            List<CompletedPart> all = List.copyOf(parts);
            store.call("complete the upload of", "object " + key, () -> store.client().completeMultipartUpload(b -> b
                    .bucket(bucket).key(fullKey).uploadId(uploadId).multipartUpload(m -> m.parts(all))));
        }
        committed = true;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!committed && uploadId != null) {
            try {
                store.call("abort the upload of", "object " + key, () -> store.client().abortMultipartUpload(b -> b
                        .bucket(bucket).key(fullKey).uploadId(uploadId)));
            } catch (ArcaException e) {
                // the bucket's lifecycle rule for incomplete uploads (if any) cleans up the rest
                LOG.warn("{}; its parts stay invisible until removed", e.getMessage());
            }
        }
    }

    /** Grows a full buffer up to the part size (small objects stay small), or sends it as a part. */
    private void makeRoom() {
        if (filled < buffer.length) {
            return;
        }
        if (buffer.length < partSize) {
            buffer = Arrays.copyOf(buffer, (int) Math.min(partSize, 2L * buffer.length));
        } else {
            sendPart();
        }
    }

    private void sendPart() {
        if (parts.size() == MAX_PARTS) {
            throw new ArcaException.InvalidInput("object " + key + " in " + store.describe() + " is larger than "
                    + MAX_PARTS + " parts of " + partSize + " bytes, S3's limit for one object; write it in pieces");
        }
        if (uploadId == null) {
            uploadId = store.call("start an upload of", "object " + key, () -> store.client().createMultipartUpload(b -> b
                    .bucket(bucket).key(fullKey).checksumAlgorithm(checksums ? ChecksumAlgorithm.CRC32 : null)))
                    .uploadId();
        }
        int number = parts.size() + 1;
        int size = filled;
        byte[] data = buffer;
        UploadPartResponse response = store.call("write part " + number + " of", "object " + key,
                () -> store.client().uploadPart(b -> b.bucket(bucket).key(fullKey).uploadId(uploadId)
                                .partNumber(number).contentLength((long) size)
                                .checksumAlgorithm(checksums ? ChecksumAlgorithm.CRC32 : null),
                        RequestBody.fromContentProvider(() -> new ByteArrayInputStream(data, 0, size), size,
                                "application/octet-stream")));
        parts.add(CompletedPart.builder().partNumber(number).eTag(response.eTag())
                .checksumCRC32(response.checksumCRC32()).build());
        filled = 0;
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
