package dev.arca.storage.s3;

import dev.arca.api.ArcaException;
import dev.arca.storage.PartedWriter;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * A streaming write to S3: an object that fits in one part goes as one PutObject, a larger one as
 * a multipart upload started with its first part and completed on commit. Closing without a
 * commit aborts the multipart upload whenever it was started, even if no part got through, so no
 * parts are left behind (and billed).
 */
final class S3Writer extends PartedWriter {
    private static final Logger LOG = LoggerFactory.getLogger(S3Writer.class);
    private static final int MAX_PARTS = 10_000;

    private final S3ObjectStore store;
    private final String fullKey;
    private final String bucket;
    private final boolean checksums;
    private final List<CompletedPart> parts = new ArrayList<>();
    private String uploadId;

    S3Writer(S3ObjectStore store, String key, int partSize) {
        super(key, store.describe(), partSize, MAX_PARTS, "S3's limit for one object");
        this.store = store;
        this.fullKey = store.settings().fullKey(key);
        this.bucket = store.settings().bucket();
        this.checksums = store.settings().checksumWhenSupported();
    }

    @Override
    protected void putWhole(byte[] data, int size) {
        store.call("write", "object " + key, () -> store.client().putObject(b -> b.bucket(bucket).key(fullKey),
                RequestBody.fromContentProvider(() -> new ByteArrayInputStream(data, 0, size), size, "application/octet-stream")));
    }

    @Override
    protected void sendPart(int number, byte[] data, int size) {
        if (uploadId == null) {
            uploadId = store.call("start an upload of", "object " + key, () -> store.client().createMultipartUpload(b -> b
                    .bucket(bucket).key(fullKey).checksumAlgorithm(checksums ? ChecksumAlgorithm.CRC32 : null)))
                    .uploadId();
        }
        UploadPartResponse response = store.call("write part " + number + " of", "object " + key,
                () -> store.client().uploadPart(b -> b.bucket(bucket).key(fullKey).uploadId(uploadId)
                                .partNumber(number).contentLength((long) size)
                                .checksumAlgorithm(checksums ? ChecksumAlgorithm.CRC32 : null),
                        RequestBody.fromContentProvider(() -> new ByteArrayInputStream(data, 0, size), size,
                                "application/octet-stream")));
        parts.add(CompletedPart.builder().partNumber(number).eTag(response.eTag())
                .checksumCRC32(response.checksumCRC32()).build());
    }

    @Override
    protected void completeParts() {
        List<CompletedPart> all = List.copyOf(parts);
        store.call("complete the upload of", "object " + key, () -> store.client().completeMultipartUpload(b -> b
                .bucket(bucket).key(fullKey).uploadId(uploadId).multipartUpload(m -> m.parts(all))));
    }

    /**
     * Aborts the upload whenever it has an id: after parts were sent, after the first part failed
     * (the id comes from the create call before it) and after the complete call failed. Without an
     * id (the create call failed) there is nothing this writer can name; an upload the server
     * started anyway is found by {@link S3ObjectStore#deleteAbandonedWrites}.
     */
    @Override
    protected void abortParts() {
        if (uploadId == null) {
            return;
        }
        try {
            store.call("abort the upload of", "object " + key, () -> store.client().abortMultipartUpload(b -> b
                    .bucket(bucket).key(fullKey).uploadId(uploadId)));
        } catch (ArcaException e) {
            // the bucket's lifecycle rule for incomplete uploads (if any) cleans up the rest
            LOG.warn("{}; its parts stay invisible until removed", e.getMessage());
        }
    }
}
