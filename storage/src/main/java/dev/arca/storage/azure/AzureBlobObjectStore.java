package dev.arca.storage.azure;

import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import dev.arca.api.ArcaException;
import dev.arca.storage.Keys;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.ObjectWriter;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Objects in an Azure Blob container (Azure, or Azurite), all under an optional name prefix.
 *
 * <p>Every object is a block blob. {@code put} of up to a block is one Put Blob;
 * {@link #writer(String)} stages blocks of {@link #DEFAULT_BLOCK_SIZE} as they fill and commits
 * the block list on {@link ObjectWriter#commit()}, which makes the blob visible atomically;
 * blocks of a writer closed without a commit stay uncommitted, invisible, and are
 * garbage-collected by the service (after a week on Azure). Each request carries the MD5 of its
 * body, which the service checks. Listing follows continuation markers, so it is never partial.
 *
 * <p>The SDK retries each request a few times on its own; whole operations are retried by
 * {@link dev.arca.storage.RetryingObjectStore}. Requests go through the JDK's HTTP client (HTTP/1.1).
 */
public final class AzureBlobObjectStore implements ObjectStore {
    /** Bytes per staged block of a streaming write. */
    public static final int DEFAULT_BLOCK_SIZE = 4 * 1024 * 1024;
    /** The smallest block size accepted (Azure has none; tests use small blocks to write many). */
    public static final int MIN_BLOCK_SIZE = 16 * 1024;
    private static final int PAGE_SIZE = 5000;

    private final AzureSettings settings;
    private final AzureErrors errors;
    private final BlobContainerClient container;
    private final int blockSize;
    private final int pageSize;
    private volatile boolean containerSeen;

    /** Opens the store with the credentials its settings name, else those of the process environment. */
    public AzureBlobObjectStore(AzureSettings settings) {
        this(settings, DEFAULT_BLOCK_SIZE);
    }

    /** @param blockSize bytes per staged block of a streaming write, at least {@link #MIN_BLOCK_SIZE} */
    public AzureBlobObjectStore(AzureSettings settings, int blockSize) {
        this(settings, blockSize, System.getenv(), PAGE_SIZE);
    }

    /**
     * @param env      where {@code AZURE_STORAGE_KEY} or {@code AZURE_STORAGE_SAS_TOKEN} is looked up when no file is set
     * @param pageSize blobs asked for per page of a listing (the service answers at most 5,000)
     */
    AzureBlobObjectStore(AzureSettings settings, int blockSize, Map<String, String> env, int pageSize) {
        if (blockSize < MIN_BLOCK_SIZE) {
            throw new IllegalArgumentException("block size must be at least " + MIN_BLOCK_SIZE + " bytes, got "
                    + blockSize);
        }
        this.settings = settings;
        this.errors = new AzureErrors(settings);
        this.blockSize = blockSize;
        this.pageSize = pageSize;
        this.container = buildClient(settings, AzureCredential.resolve(settings, env));
    }

    @Override
    public String describe() {
        return settings.describe();
    }

    @Override
    public void put(String key, byte[] data) {
        Keys.check(key);
        if (data.length > blockSize) {
            try (AzureBlobWriter w = new AzureBlobWriter(this, key, blockSize)) {
                w.write(data, 0, data.length);
                w.commit();
            }
            return;
        }
        upload(key, data, data.length);
    }

    /**
     * One Put Blob with {@code If-None-Match: *}, which the service applies atomically: 409
     * BlobAlreadyExists (or 412) means the key exists. The object goes in a single request whatever
     * its size, so this is for small objects (the service takes up to 5,000 MiB in one Put Blob).
     */
    @Override
    public boolean createIfAbsent(String key, byte[] data) {
        BlockBlobClient blob = blob(Keys.check(key));
        BlockBlobSimpleUploadOptions options = new BlockBlobSimpleUploadOptions(BinaryData.fromBytes(data))
                .setContentMd5(md5(data)).setRequestConditions(new BlobRequestConditions().setIfNoneMatch("*"));
        try {
            blob.uploadWithResponse(options, null, Context.NONE);
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 409 && BlobErrorCode.BLOB_ALREADY_EXISTS.equals(e.getErrorCode())
                    || e.getStatusCode() == 412) {
                containerSeen = true;
                return false;
            }
            throw errors.map("create", "object " + key, e);
        } catch (RuntimeException e) {
            throw errors.map("create", "object " + key, e);
        }
        containerSeen = true;
        return true;
    }

    @Override
    public ObjectWriter writer(String key) {
        return new AzureBlobWriter(this, Keys.check(key), blockSize);
    }

    @Override
    public InputStream get(String key) {
        BlockBlobClient blob = blob(Keys.check(key));
        return call("read", "object " + key, blob::openInputStream);
    }

    /** A download from {@code offset}; the service answers 416 for an offset at or past the end, which is an empty stream here. */
    @Override
    public InputStream get(String key, long offset) {
        if (offset <= 0) {
            return offset == 0 ? get(key) : ObjectStore.super.get(key, offset);
        }
        BlockBlobClient blob = blob(Keys.check(key));
        try {
            return call("read", "object " + key, () -> blob.openInputStream(
                    new com.azure.storage.blob.options.BlobInputStreamOptions().setRange(new com.azure.storage.blob.models.BlobRange(offset))));
        } catch (ArcaException e) {
            if (e.getCause() instanceof BlobStorageException service && service.getStatusCode() == 416) {
                return InputStream.nullInputStream();
            }
            throw e;
        }
    }

    @Override
    public byte[] getBytes(String key) {
        BlockBlobClient blob = blob(Keys.check(key));
        return call("read", "object " + key, () -> blob.downloadContent().toBytes());
    }

    @Override
    public byte[] getRange(String key, long offset, int length) {
        if (length == 0) {
            return new byte[0];
        }
        BlockBlobClient blob = blob(Keys.check(key));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(length);
        call("read", "object " + key, () -> blob.downloadStreamWithResponse(out,
                new com.azure.storage.blob.models.BlobRange(offset, (long) length), null, null, false, null, Context.NONE));
        return dev.arca.storage.Ranges.checkLength(this, key, offset, length, out.toByteArray());
    }

    @Override
    public boolean exists(String key) {
        BlockBlobClient blob = blob(Keys.check(key));
        try {
            call("check", "object " + key, blob::getProperties);
            return true;
        } catch (ArcaException.NotFound e) {
            // the service names a missing container in its error code, but tell the two apart once anyway
            checkContainer();
            return false;
        }
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        String p = Keys.checkPrefix(prefix);
        String namePrefix = settings.namePrefix();
        ListBlobsOptions options = new ListBlobsOptions().setPrefix(namePrefix + p).setMaxResultsPerPage(pageSize);
        List<ObjectInfo> out = call("list", "keys under \"" + p + "\"", () -> {
            List<ObjectInfo> found = new ArrayList<>();
            for (BlobItem item : container.listBlobs(options, null)) { // pages through every marker
                String name = item.getName();
                if (name.startsWith(namePrefix) && !name.endsWith("/") && !Boolean.TRUE.equals(item.isPrefix())) {
                    Long size = item.getProperties() == null ? null : item.getProperties().getContentLength();
                    found.add(new ObjectInfo(name.substring(namePrefix.length()), size == null ? 0 : size));
                }
            }
            return found;
        });
        out.sort(Comparator.comparing(ObjectInfo::key));
        return out;
    }

    @Override
    public void delete(String key) {
        BlockBlobClient blob = blob(Keys.check(key));
        try {
            call("delete", "object " + key, () -> {
                blob.delete();
                return null;
            });
        } catch (ArcaException.NotFound e) {
            // deleting a missing key is not an error
        }
    }

    AzureSettings settings() {
        return settings;
    }

    /** The container's client; tests use it to look behind the store. */
    BlobContainerClient container() {
        return container;
    }

    BlockBlobClient blob(String key) {
        return container.getBlobClient(settings.blobName(key)).getBlockBlobClient();
    }

    /** Writes {@code data[0, length)} as one Put Blob, replacing any blob of that name. */
    void upload(String key, byte[] data, int length) {
        byte[] exact = length == data.length ? data : Arrays.copyOf(data, length);
        BlockBlobClient blob = blob(key);
        BlockBlobSimpleUploadOptions options = new BlockBlobSimpleUploadOptions(BinaryData.fromBytes(exact))
                .setContentMd5(md5(exact));
        call("write", "object " + key, () -> blob.uploadWithResponse(options, null, Context.NONE));
    }

    /** Runs one SDK call, mapping its failure; any success proves the container exists. */
    <T> T call(String action, String what, Supplier<T> request) {
        try {
            T result = request.get();
            containerSeen = true;
            return result;
        } catch (RuntimeException e) {
            throw errors.map(action, what, e);
        }
    }

    static byte[] md5(byte[] data) {
        try {
            return MessageDigest.getInstance("MD5").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no MD5", e);
        }
    }

    private void checkContainer() {
        if (!containerSeen) {
            boolean exists = call("check", "the container", container::exists);
            if (!exists) {
                throw errors.noSuchContainer(null);
            }
        }
    }

    private static BlobContainerClient buildClient(AzureSettings settings, AzureCredential credential) {
        HttpClient http = new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1))
                .connectionTimeout(Duration.ofSeconds(10))
                .responseTimeout(Duration.ofSeconds(60))
                .readTimeout(Duration.ofSeconds(60))
                .build();
        BlobServiceClientBuilder builder = new BlobServiceClientBuilder()
                .endpoint(settings.endpoint().toString())
                .httpClient(http)
                // three tries per request, 0.5 s then 1 s apart; RetryingObjectStore retries whole operations
                .retryOptions(new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, 3, (Duration) null,
                        Duration.ofMillis(500), Duration.ofSeconds(4), null));
        credential.applyTo(builder);
        try {
            return builder.buildClient().getBlobContainerClient(settings.container());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ArcaException.InvalidInput("cannot open " + settings.describe() + ": "
                    + AzureErrors.scrub(e.getMessage()) + "; check the endpoint and the credentials", e);
        }
    }
}
