package dev.arca.storage.gcs;

import com.google.api.gax.paging.Page;
import com.google.cloud.ReadChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.Storage.BlobListOption;
import com.google.cloud.storage.Storage.BlobTargetOption;
import com.google.cloud.storage.StorageException;
import dev.arca.api.ArcaException;
import dev.arca.storage.Keys;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.ObjectWriter;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * Objects in a Google Cloud Storage bucket, through google-cloud-storage's JSON API client, all
 * under an optional object-name prefix.
 *
 * <p>{@code put} is one upload request; {@link #writer(String)} streams through a resumable
 * upload, which GCS turns into an object only when it is finalized (see {@link GcsWriter}: a
 * writer closed without commit leaves nothing visible). Objects are read at the generation their
 * metadata named, so a concurrent replace never mixes two versions in one stream. Listing follows
 * page tokens, so it is never partial. Names ending in '/' (folder placeholders the console
 * creates) are not listed.
 *
 * <p>A missing object and a missing bucket both answer 404; the store tells them apart, once, by
 * listing one object of the bucket, which needs only {@code storage.objects.list}, a permission a
 * backup's service account has anyway (unlike {@code storage.buckets.get}).
 */
public final class GcsObjectStore implements ObjectStore {
    /** Bytes a writer buffers before sending them to its resumable upload (the library's default). */
    public static final int DEFAULT_CHUNK_SIZE = 16 * 1024 * 1024;
    /** GCS's granularity: every chunk but the last is a multiple of 256 KiB. */
    public static final int MIN_CHUNK_SIZE = 256 * 1024;
    private static final String CONTENT_TYPE = "application/octet-stream";

    private final GcsSettings settings;
    private final Storage storage;
    private final GcsErrors errors;
    private final int chunkSize;
    private volatile boolean bucketSeen;

    /** Connects to GCS (or the settings' endpoint) with the settings' credentials. */
    public GcsObjectStore(GcsSettings settings) {
        this(settings, GcsClients.connect(settings, GcsClients.DEFAULT_MAX_ATTEMPTS), DEFAULT_CHUNK_SIZE);
    }

    /**
     * A store on a client the caller built: tests pass an in-memory fake, or a client with a smaller
     * retry budget. The store owns the client and closes it.
     *
     * @param chunkSize bytes per chunk of a streaming upload, a multiple of {@link #MIN_CHUNK_SIZE}
     */
    public GcsObjectStore(GcsSettings settings, Storage storage, int chunkSize) {
        if (chunkSize < MIN_CHUNK_SIZE || chunkSize % MIN_CHUNK_SIZE != 0) {
            throw new IllegalArgumentException("chunk size must be a positive multiple of " + MIN_CHUNK_SIZE
                    + " bytes (GCS's rule), got " + chunkSize);
        }
        this.settings = settings;
        this.storage = storage;
        this.errors = new GcsErrors(settings);
        this.chunkSize = chunkSize;
    }

    @Override
    public String describe() {
        return settings.describe();
    }

    @Override
    public void put(String key, byte[] data) {
        BlobInfo info = info(Keys.check(key));
        try {
            storage.create(info, data, BlobTargetOption.disableGzipContent());
        } catch (RuntimeException e) {
            throw writeFailure("write", key, e);
        }
        bucketSeen = true;
    }

    /**
     * One upload with {@code ifGenerationMatch=0} ({@link BlobTargetOption#doesNotExist()}), which
     * GCS applies atomically: 412 means an object of that name exists.
     */
    @Override
    public boolean createIfAbsent(String key, byte[] data) {
        BlobInfo info = info(Keys.check(key));
        try {
            storage.create(info, data, BlobTargetOption.doesNotExist(), BlobTargetOption.disableGzipContent());
        } catch (StorageException e) {
            if (e.getCode() == 412) {
                bucketSeen = true;
                return false;
            }
            throw writeFailure("create", key, e);
        } catch (RuntimeException e) {
            throw writeFailure("create", key, e);
        }
        bucketSeen = true;
        return true;
    }

    @Override
    public ObjectWriter writer(String key) {
        return new GcsWriter(this, Keys.check(key), chunkSize);
    }

    @Override
    public InputStream get(String key) {
        return get(key, 0);
    }

    /** Reads from {@code offset} (a seek on the read channel, which fetches from there). */
    @Override
    public InputStream get(String key, long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset + " of " + key);
        }
        BlobId id = id(Keys.check(key));
        Blob blob = call("read", "object " + key, () -> storage.get(id));
        if (blob == null) {
            checkBucket();
            throw new ArcaException.NotFound("object " + key + " not found in " + describe());
        }
        bucketSeen = true;
        BlobId generation = BlobId.of(id.getBucket(), id.getName(), blob.getGeneration());
        if (blob.getSize() != null && offset >= blob.getSize()) {
            return InputStream.nullInputStream();
        }
        ReadChannel channel = call("read", "object " + key, () -> {
            ReadChannel reader = storage.reader(generation);
            try {
                reader.seek(offset);
            } catch (java.io.IOException e) {
                reader.close();
                throw new java.io.UncheckedIOException(e);
            }
            return reader;
        });
        return Channels.newInputStream(channel);
    }

    @Override
    public boolean exists(String key) {
        BlobId id = id(Keys.check(key));
        if (call("check", "object " + key, () -> storage.get(id)) != null) {
            bucketSeen = true;
            return true;
        }
        checkBucket();
        return false;
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        String p = Keys.checkPrefix(prefix);
        String namePrefix = settings.namePrefix();
        List<ObjectInfo> out = new ArrayList<>();
        call("list", "keys under \"" + p + "\"", () -> {
            Page<Blob> page = storage.list(settings.bucket(), BlobListOption.prefix(namePrefix + p));
            for (Blob blob : page.iterateAll()) {
                String name = blob.getName();
                if (name.startsWith(namePrefix) && !name.endsWith("/")) {
                    long size = blob.getSize() == null ? 0 : blob.getSize();
                    out.add(new ObjectInfo(name.substring(namePrefix.length()), size));
                }
            }
            return out;
        }, true);
        bucketSeen = true;
        out.sort(Comparator.comparing(ObjectInfo::key));
        return out;
    }

    @Override
    public void delete(String key) {
        BlobId id = id(Keys.check(key));
        call("delete", "object " + key, () -> storage.delete(id)); // false for a missing object: not an error
    }

    @Override
    public void close() {
        try {
            storage.close();
        } catch (Exception e) {
            throw new ArcaException.Transient("cannot close the client of " + describe() + ": " + e.getMessage(), e);
        }
    }

    Storage storage() {
        return storage;
    }

    BlobInfo info(String key) {
        return BlobInfo.newBuilder(id(key)).setContentType(CONTENT_TYPE).build();
    }

    /** A write created an object: the bucket exists. */
    void sawBucket() {
        bucketSeen = true;
    }

    /**
     * The error for a failed write of {@code key}. A 404 there is no object's: it is the bucket's
     * when listing says so, else a lost upload (worth writing again, so transient).
     */
    ArcaException writeFailure(String action, String key, Throwable e) {
        ArcaException mapped = errors.map(action, "object " + key, e);
        if (!(mapped instanceof ArcaException.NotFound)) {
            return mapped;
        }
        bucketSeen = false;
        checkBucket();
        return new ArcaException.Transient("cannot " + action + " object " + key + " in " + describe()
                + ": the server answered 404 (not found) although the bucket exists", e);
    }

    /** Runs one library call on an object, mapping its failure (a 404 is the object's: not found). */
    private <T> T call(String action, String what, Supplier<T> request) {
        return call(action, what, request, false);
    }

    /** Runs one library call, mapping its failure; with {@code notFoundIsTheBucket}, a 404 means no bucket. */
    private <T> T call(String action, String what, Supplier<T> request, boolean notFoundIsTheBucket) {
        try {
            return request.get();
        } catch (RuntimeException e) {
            if (e instanceof ArcaException arca) {
                throw arca;
            }
            ArcaException mapped = errors.map(action, what, e);
            if (mapped instanceof ArcaException.NotFound && notFoundIsTheBucket) {
                throw errors.noSuchBucket(e);
            }
            throw mapped;
        }
    }

    /** Throws {@link GcsErrors#noSuchBucket} unless some call has shown that the bucket exists. */
    private void checkBucket() {
        if (!bucketSeen) {
            call("check", "the bucket", () -> storage.list(settings.bucket(), BlobListOption.pageSize(1),
                    BlobListOption.prefix(settings.namePrefix())), true);
            bucketSeen = true;
        }
    }

    private BlobId id(String key) {
        return BlobId.of(settings.bucket(), settings.fullName(key));
    }
}
