package dev.arca.storage.s3;

import dev.arca.api.ArcaException;
import dev.arca.storage.Keys;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.ObjectWriter;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Objects in an S3 bucket (AWS or any S3-compatible store), all under an optional key prefix.
 *
 * <p>{@code put} is one PutObject; {@link #writer(String)} buffers up to a part size and sends
 * small objects as one PutObject on commit, larger ones as a multipart upload, which S3 makes
 * visible atomically on completion. Listing follows continuation tokens, so it is never partial.
 * The SDK retries each request a few times on its own; whole operations are retried by
 * {@link dev.arca.storage.RetryingObjectStore}. Keys ending in '/' (folder markers some consoles
 * create) are not listed.
 */
public final class S3ObjectStore implements ObjectStore {
    private static final Logger LOG = LoggerFactory.getLogger(S3ObjectStore.class);
    /** The part size of multipart uploads; S3 needs at least 5 MiB for every part but the last. */
    public static final int DEFAULT_PART_SIZE = 8 * 1024 * 1024;
    /** S3's (and s3proxy's) smallest part but the last. */
    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;

    private final S3Settings settings;
    private final S3Client client;
    private final S3Errors errors;
    private final int partSize;
    private volatile boolean bucketSeen;
    /** Cleared once the server answered that it does not support If-None-Match; see {@link #createIfAbsent}. */
    private final AtomicBoolean conditionalWrites = new AtomicBoolean(true);

    public S3ObjectStore(S3Settings settings) {
        this(settings, DEFAULT_PART_SIZE);
    }

    /** @param partSize bytes buffered per part of a multipart upload, at least {@link #MIN_PART_SIZE} (tests use that) */
    public S3ObjectStore(S3Settings settings, int partSize) {
        this(settings, partSize, List.of());
    }

    /** As {@link #S3ObjectStore(S3Settings, int)}, with interceptors on the SDK client: tests use them to fail a request. */
    S3ObjectStore(S3Settings settings, int partSize, List<ExecutionInterceptor> interceptors) {
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("part size must be at least " + MIN_PART_SIZE + " bytes (S3's rule), got "
                    + partSize);
        }
        this.settings = settings;
        this.errors = new S3Errors(settings);
        this.partSize = partSize;
        this.client = buildClient(settings, credentials(settings), interceptors);
    }

    @Override
    public String describe() {
        return settings.describe();
    }

    @Override
    public void put(String key, byte[] data) {
        String full = settings.fullKey(Keys.check(key));
        call("write", "object " + key, () -> client.putObject(b -> b.bucket(settings.bucket()).key(full),
                RequestBody.fromBytes(data)));
    }

    /**
     * One PutObject with {@code If-None-Match: *}, which S3 (since 2024) and s3proxy (its
     * filesystem backend links the new file into place) apply atomically: 412 means the key exists.
     * A server that does not support conditional writes (HTTP 501 NotImplemented) gets a check for
     * the key then a plain PutObject from then on, after a one-time warning: a backup still works
     * there, but two clients creating the same key at the same moment are not excluded.
     */
    @Override
    public boolean createIfAbsent(String key, byte[] data) {
        String full = settings.fullKey(Keys.check(key));
        if (!conditionalWrites.get()) {
            return createUnconditionally(key, data);
        }
        try {
            client.putObject(b -> b.bucket(settings.bucket()).key(full).ifNoneMatch("*"), RequestBody.fromBytes(data));
        } catch (AwsServiceException e) {
            if (e.statusCode() == 412) {
                bucketSeen = true;
                return false;
            }
            if (notImplemented(e)) {
                warnNoConditionalWrites(key);
                return createUnconditionally(key, data);
            }
            throw conditionalFailure(key, e);
        } catch (SdkException e) {
            throw errors.map("create", "object " + key, e);
        }
        bucketSeen = true;
        return true;
    }

    /** The fallback where the server cannot create conditionally: absent at the check, then written. */
    private boolean createUnconditionally(String key, byte[] data) {
        if (exists(key)) {
            return false;
        }
        put(key, data);
        return true;
    }

    private static boolean notImplemented(AwsServiceException e) {
        return e.statusCode() == 501
                || (e.awsErrorDetails() != null && "NotImplemented".equals(e.awsErrorDetails().errorCode()));
    }

    private void warnNoConditionalWrites(String key) {
        if (conditionalWrites.compareAndSet(true, false)) {
            LOG.warn("{} does not support conditional writes (it answered NotImplemented to If-None-Match: * creating {}):"
                    + " objects Arca creates only if absent (location keys, backup writer claims, repository keys) are now"
                    + " created by a check then a write, so two clients creating the same one at the same moment are not"
                    + " excluded; use a server that supports them (AWS S3, s3proxy 4.1) for concurrent runs", describe(), key);
        }
    }

    private ArcaException conditionalFailure(String key, AwsServiceException e) {
        if (e.statusCode() == 409) { // ConditionalRequestConflict: a concurrent write to the key; S3 says retry
            return new ArcaException.Transient("cannot create object " + key + " in " + describe()
                    + ": a concurrent write to it is in progress (HTTP 409)", e);
        }
        return errors.map("create", "object " + key, e);
    }

    @Override
    public ObjectWriter writer(String key) {
        return new S3Writer(this, Keys.check(key), partSize);
    }

    @Override
    public InputStream get(String key) {
        String full = settings.fullKey(Keys.check(key));
        return call("read", "object " + key, () -> client.getObject(b -> b.bucket(settings.bucket()).key(full)));
    }

    /** A GetObject with an open-ended range; S3 answers 416 for an offset at or past the end, which is an empty stream here. */
    @Override
    public InputStream get(String key, long offset) {
        if (offset <= 0) {
            return offset == 0 ? get(key) : ObjectStore.super.get(key, offset);
        }
        String full = settings.fullKey(Keys.check(key));
        try {
            return call("read", "object " + key, () -> client.getObject(b -> b.bucket(settings.bucket()).key(full)
                    .range("bytes=" + offset + "-")));
        } catch (ArcaException e) {
            if (e.getCause() instanceof AwsServiceException service && service.statusCode() == 416) {
                return InputStream.nullInputStream();
            }
            throw e;
        }
    }

    @Override
    public byte[] getRange(String key, long offset, int length) {
        if (length == 0) {
            return new byte[0];
        }
        String full = settings.fullKey(Keys.check(key));
        String range = "bytes=" + offset + "-" + (offset + length - 1);
        byte[] read = call("read", "object " + key,
                () -> client.getObjectAsBytes(b -> b.bucket(settings.bucket()).key(full).range(range)).asByteArray());
        return dev.arca.storage.Ranges.checkLength(this, key, offset, length, read);
    }

    @Override
    public boolean exists(String key) {
        String full = settings.fullKey(Keys.check(key));
        try {
            call("check", "object " + key, () -> client.headObject(b -> b.bucket(settings.bucket()).key(full)));
            return true;
        } catch (ArcaException.NotFound e) {
            // HEAD answers a bare 404 for a missing bucket too: tell the two apart once
            checkBucket();
            return false;
        }
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        String p = Keys.checkPrefix(prefix);
        String keyPrefix = settings.keyPrefix();
        List<ObjectInfo> out = new ArrayList<>();
        String token = null;
        do {
            ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(settings.bucket())
                    .prefix(keyPrefix + p).continuationToken(token).build();
            ListObjectsV2Response page = call("list", "keys under \"" + p + "\"", () -> client.listObjectsV2(request));
            for (S3Object object : page.contents()) {
                String key = object.key();
                if (key.startsWith(keyPrefix) && !key.endsWith("/")) {
                    out.add(new ObjectInfo(key.substring(keyPrefix.length()), object.size()));
                }
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        out.sort(Comparator.comparing(ObjectInfo::key));
        return out;
    }

    @Override
    public void delete(String key) {
        String full = settings.fullKey(Keys.check(key));
        try {
            call("delete", "object " + key, () -> client.deleteObject(b -> b.bucket(settings.bucket()).key(full)));
        } catch (ArcaException.NotFound e) {
            // some S3-compatible stores answer 404 for a missing key; deleting it is not an error
        }
    }

    /**
     * Aborts the multipart uploads under {@code prefix} initiated before {@code olderThan}: the
     * uploads of writers killed before commit or close, whose parts S3 keeps (and bills) until
     * aborted. Listing follows its markers, so no page is missed. An upload completed or aborted
     * meanwhile (404 NoSuchUpload) is skipped.
     */
    @Override
    public int deleteAbandonedWrites(String prefix, java.time.Instant olderThan) {
        String full = settings.keyPrefix() + Keys.checkPrefix(prefix);
        int aborted = 0;
        String keyMarker = null;
        String uploadMarker = null;
        do {
            ListMultipartUploadsRequest request = ListMultipartUploadsRequest.builder().bucket(settings.bucket()).prefix(full)
                    .keyMarker(keyMarker).uploadIdMarker(uploadMarker).build();
            ListMultipartUploadsResponse page = call("list the incomplete uploads under", "\"" + prefix + "\"",
                    () -> client.listMultipartUploads(request));
            for (MultipartUpload upload : page.uploads()) {
                if (upload.initiated() != null && upload.initiated().isBefore(olderThan) && abort(upload)) {
                    aborted++;
                }
            }
            boolean more = Boolean.TRUE.equals(page.isTruncated());
            keyMarker = more ? page.nextKeyMarker() : null;
            uploadMarker = more ? page.nextUploadIdMarker() : null;
        } while (keyMarker != null);
        return aborted;
    }

    private boolean abort(MultipartUpload upload) {
        try {
            call("abort the abandoned upload of", "object " + upload.key(), () -> client.abortMultipartUpload(b -> b
                    .bucket(settings.bucket()).key(upload.key()).uploadId(upload.uploadId())));
            return true;
        } catch (ArcaException.NotFound e) {
            return false; // completed or aborted since it was listed
        }
    }

    @Override
    public void close() {
        client.close();
    }

    S3Settings settings() {
        return settings;
    }

    S3Client client() {
        return client;
    }

    /** Runs one SDK call, mapping its failure; any success proves the bucket exists. */
    <T> T call(String action, String what, Supplier<T> request) {
        try {
            T result = request.get();
            bucketSeen = true;
            return result;
        } catch (SdkException e) {
            throw errors.map(action, what, e);
        }
    }

    private void checkBucket() {
        if (!bucketSeen) {
            try {
                call("check", "the bucket", () -> client.headBucket(b -> b.bucket(settings.bucket())));
            } catch (ArcaException.NotFound e) {
                throw errors.noSuchBucket(e);
            }
        }
    }

    private static AwsCredentialsProvider credentials(S3Settings settings) {
        if (settings.credentialsFile() == null) {
            return DefaultCredentialsProvider.builder().build();
        }
        if (!Files.isReadable(settings.credentialsFile())) {
            throw new ArcaException.InvalidInput("s3 credentials file " + settings.credentialsFile()
                    + " does not exist or cannot be read; fix credentialsFile or drop it to use AWS_ACCESS_KEY_ID"
                    + " and AWS_SECRET_ACCESS_KEY");
        }
        AwsCredentialsProvider provider;
        try {
            ProfileFile file = ProfileFile.builder().content(settings.credentialsFile())
                    .type(ProfileFile.Type.CREDENTIALS).build();
            provider = ProfileCredentialsProvider.builder().profileFile(file).profileName(settings.profile()).build();
            provider.resolveCredentials();
        } catch (SdkException | IllegalStateException | IllegalArgumentException e) {
            throw new ArcaException.InvalidInput("s3 credentials file " + settings.credentialsFile()
                    + " has no usable credentials for profile \"" + settings.profile() + "\"; it needs "
                    + "aws_access_key_id and aws_secret_access_key under [" + settings.profile() + "]", e);
        }
        return provider;
    }

    private static S3Client buildClient(S3Settings settings, AwsCredentialsProvider credentials,
                                        List<ExecutionInterceptor> interceptors) {
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(settings.pathStyle())
                .requestChecksumCalculation(settings.checksumWhenSupported()
                        ? RequestChecksumCalculation.WHEN_SUPPORTED : RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(settings.checksumWhenSupported()
                        ? ResponseChecksumValidation.WHEN_SUPPORTED : ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(64));
        if (!interceptors.isEmpty()) {
            builder.overrideConfiguration(o -> o.executionInterceptors(interceptors));
        }
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        return builder.build();
    }
}
