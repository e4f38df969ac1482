package dev.arca.repository.content;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import dev.arca.api.ArcaException;
import java.security.GeneralSecurityException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.AEADBadTagException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns plaintext into what is stored, and back: the keyed hash that names a chunk, and the
 * chunk's stored form.
 *
 * <p>Stored chunk: {@code header(1) || body} sealed by {@link SegmentedGcm} (AES-256-GCM under a key
 * of its own, derived by HKDF from the current generation's data key and a random salt, in
 * segments of 16 KiB), with the chunk id's 32 bytes as associated data, so a chunk cannot be
 * swapped for another. The header is
 * {@value #RAW} when the body is the plaintext, {@value #ZSTD} when it is zstd, which is used only
 * when it saves at least 1/32 of the size. Decompression needs the plaintext length, which the
 * index keeps.
 *
 * <p>{@link #seal}/{@link #open} encrypt small blobs (index files, snapshot manifests) with the
 * same data key generation, the same segmented sealing and a caller-chosen associated data.
 *
 * <p>Thread-safe; each thread keeps its own {@link Mac}, cipher and decoding scratch, since
 * creating them per call costs more than the work on a small chunk. Compression is different: a
 * zstd context and the buffer a body waits in until it is sealed are shared by all threads, at
 * most {@link #COMPRESSING} in use at once ({@link Body#close} gives them back). One per thread,
 * they were a backup's largest memory after its packs: five to seven threads store chunks (the
 * file readers, the chunk executor, the walk), each kept a body buffer as large as the largest
 * chunk it had compressed (2-2.6 MiB each on the mixed benchmark, 16.5 MiB live in all) and a
 * zstd context of about 1.3 MiB of native memory, for two cores that compress.
 */
public final class ChunkCodec {
    /** The smallest stored chunk: an empty body with its header. */
    public static final int MIN_STORED = SegmentedGcm.V1_PREFIX + SegmentedGcm.TAG + 1;
    static final byte RAW = 0;
    static final byte ZSTD = 1;

    /** Bodies compressed and not yet sealed, at most: the cores, and never fewer than two. */
    static final int COMPRESSING = Math.max(2, Runtime.getRuntime().availableProcessors());

    private final int zstdLevel;
    private final ThreadLocal<Mac> mac;
    private final ThreadLocal<SegmentedGcm> gcm;
    private final ThreadLocal<ZstdDecompressCtx> decompressor = ThreadLocal.withInitial(ZstdDecompressCtx::new);
    /** Per thread: the compressed chunk being opened. */
    private final ThreadLocal<ChunkBuffer> scratch = ThreadLocal.withInitial(ChunkBuffer::new);
    /**
     * Compressors not in use, each made once and reused: a fresh zstd context per chunk costs its table set-up,
     * which small files pay in full.
     */
    private final ConcurrentLinkedQueue<Compressor> compressors = new ConcurrentLinkedQueue<>();
    private final Semaphore compressing = new Semaphore(COMPRESSING);

    /** @param zstdLevel 1..22, or 0 to never compress */
    public ChunkCodec(RepositoryKeys keys, int zstdLevel) {
        if (zstdLevel < 0 || zstdLevel > 22) {
            throw new ArcaException.InvalidInput("zstd level " + zstdLevel + " is outside 0..22");
        }
        SecretKeySpec idKey = keys.idKeySpec();
        this.zstdLevel = zstdLevel;
        this.mac = ThreadLocal.withInitial(() -> newMac(idKey));
        java.util.Map<Integer, SecretKeySpec> dataKeys = keys.dataKeySpecs();
        int generation = keys.currentGeneration();
        this.gcm = ThreadLocal.withInitial(() -> new SegmentedGcm(dataKeys, generation));
    }

    /** A zstd context (none at level 0, which never compresses) and the buffer it compresses into. */
    private static final class Compressor {
        final ZstdCompressCtx ctx;
        final ChunkBuffer body = new ChunkBuffer();

        Compressor(int level) {
            ctx = level > 0 ? new ZstdCompressCtx() : null;
            if (ctx != null) {
                ctx.setLevel(level);
            }
        }
    }

    /** A codec at zstd level 3. */
    public ChunkCodec(RepositoryKeys keys) {
        this(keys, 3);
    }

    /** The chunk's id: HMAC-SHA-256 of the plaintext under the id key. */
    public ChunkId id(byte[] data, int off, int len) {
        Mac m = mac.get();
        m.update(data, off, len);
        return ChunkId.of(m.doFinal());
    }

    /** Bytes a chunk whose (possibly compressed) body has {@code bodyLength} bytes takes in a pack. */
    public static int storedLength(int bodyLength) {
        return SegmentedGcm.sealedLength(bodyLength + 1);
    }

    /**
     * A chunk's stored form, first half: its header and body (zstd when that saves at least 1/32, raw
     * otherwise), in a buffer lent until the body is {@link Body#close closed}, which the caller must do once it
     * is sealed (or not needed). Waits while {@link #COMPRESSING} bodies are open.
     */
    public Body compress(byte[] data, int off, int len) {
        compressing.acquireUninterruptibly();
        Compressor c = null;
        try {
            c = compressors.poll();
            if (c == null) {
                c = new Compressor(zstdLevel);
            }
            byte[] plain = c.body.reset(1 + (int) Zstd.compressBound(len));
            int bodyLen = -1;
            if (zstdLevel > 0 && len >= 64) {
                try {
                    int n = c.ctx.compressByteArray(plain, 1, plain.length - 1, data, off, len);
                    if (n <= len - (len >> 5)) {
                        bodyLen = n;
                    }
                } catch (ZstdException e) {
                    bodyLen = -1; // stored raw: compression is an optimisation, never a failure
                }
            }
            boolean compressed = bodyLen >= 0;
            if (compressed) {
                plain[0] = ZSTD;
            } else {
                plain[0] = RAW;
                System.arraycopy(data, off, plain, 1, len);
                bodyLen = len;
            }
            return new Body(plain, bodyLen + 1, compressed, this, c);
        } catch (RuntimeException | Error e) {
            try {
                giveBack(c);
            } catch (RuntimeException | Error f) {
                e.addSuppressed(f);
            }
            throw e;
        }
    }

    /** Returns a compressor (null when it could not be made) and its permit. */
    private void giveBack(Compressor c) {
        try {
            if (c != null) {
                compressors.offer(c);
            }
        } finally {
            compressing.release(); // even if the queue could not take it (out of memory): a lost permit is for good
        }
    }

    /**
     * A chunk's stored form, second half: seals {@code body} for chunk {@code id} into
     * {@code out[off..off + body.storedLength())}, e.g. straight into the pack being filled.
     */
    public void sealInto(ChunkId id, Body body, byte[] out, int off) {
        if (body.closed.get()) {
            throw new IllegalStateException("a chunk body sealed after it was closed (its buffer may hold another chunk)");
        }
        gcm.get().seal(body.plain(), 0, body.length(), id.bytes(), out, off);
    }

    /**
     * The plaintext of a stored chunk.
     * @param rawLength the plaintext length, from the index
     * @param where the pack it came from, for the message
     * @throws ArcaException.Corrupt when it does not authenticate (altered, another id, another key)
     *         or does not decompress to {@code rawLength} bytes
     */
    public byte[] decode(ChunkId id, byte[] stored, int off, int len, int rawLength, String where) {
        ChunkBuffer exact = ChunkBuffer.exactly(Math.max(0, rawLength)); // a negative one is refused below
        decode(id, stored, off, len, rawLength, where, exact);
        return exact.array();
    }

    /**
     * {@link #decode(ChunkId, byte[], int, int, int, String)} into {@code into}, whose array is
     * reused when it is large enough. {@code stored} may be that array (as the pack store reads
     * it): it is then decrypted in place, so this thread's scratch only ever holds a compressed
     * chunk, copied out of the way of its decompression; a raw (incompressible) chunk needs no
     * scratch at all. A scratch as large as the largest raw chunk, per decoding thread, was up to
     * 4 MiB a thread of a restore's peak.
     */
    public void decode(ChunkId id, byte[] stored, int off, int len, int rawLength, String where, ChunkBuffer into) {
        if (rawLength < 0) {
            throw corrupt(id, where, "the index gives it a negative length " + rawLength, null);
        }
        if (len < MIN_STORED) {
            throw corrupt(id, where, "it is " + len + " bytes, shorter than the " + MIN_STORED + " of an empty chunk", null);
        }
        boolean inPlace = into.ownsArray(stored);
        byte[] plain = inPlace ? stored : scratch(SegmentedGcm.maxPlainLength(len));
        int from = inPlace ? off : 0;
        int n;
        try {
            n = inPlace ? gcm.get().openInPlace(stored, off, len, id.bytes()) : gcm.get().open(stored, off, len, id.bytes(), plain);
        } catch (SegmentedGcm.UnknownGeneration e) {
            throw corrupt(id, where, missingGeneration(e), e);
        } catch (AEADBadTagException e) {
            throw corrupt(id, where, "it fails authentication (altered, or not this chunk, or another repository's key)", null);
        }
        if (n < 1) {
            throw corrupt(id, where, "it holds no header", null);
        }
        if (plain[from] == RAW) {
            if (n - 1 != rawLength) {
                throw corrupt(id, where, "it holds " + (n - 1) + " bytes where the index says " + rawLength, null);
            }
            // in place, the array holds off + n > rawLength bytes: reset keeps it, and the copy moves the bytes down
            System.arraycopy(plain, from + 1, into.reset(rawLength), 0, rawLength);
            return;
        }
        if (plain[from] != ZSTD) {
            throw corrupt(id, where, "it has an unknown header " + plain[from], null);
        }
        if (inPlace) { // the compressed bytes out of the way of the plaintext
            byte[] compressed = scratch(n);
            System.arraycopy(plain, from, compressed, 0, n);
            plain = compressed;
        }
        byte[] out = into.reset(rawLength);
        int r;
        try {
            r = decompressor.get().decompressByteArray(out, 0, rawLength, plain, 1, n - 1);
        } catch (ZstdException e) {
            throw corrupt(id, where, "it does not decompress to the " + rawLength + " bytes the index says (" + e.getMessage() + ")", e);
        }
        if (r != rawLength) {
            throw corrupt(id, where, "it decompresses to " + r + " bytes where the index says " + rawLength, null);
        }
    }

    /**
     * Encrypts a blob (an index file, a snapshot manifest) with the data key, sealed in segments
     * like a chunk. The associated data {@code ad} is not stored; {@link #open} must be given the
     * same, so use it to bind the blob to its role (e.g. {@code "arca/index/v1"}).
     */
    public byte[] seal(byte[] plain, byte[] ad) {
        byte[] out = new byte[SegmentedGcm.sealedLength(plain.length)];
        gcm.get().seal(plain, 0, plain.length, ad, out, 0);
        return out;
    }

    /**
     * Decrypts what {@link #seal} produced.
     * @param what names the blob in the message, e.g. {@code "index repository/index/ab.."}
     * @throws ArcaException.Corrupt when it does not authenticate under this key and {@code ad}
     */
    public byte[] open(byte[] sealed, byte[] ad, String what) {
        byte[] plain = new byte[SegmentedGcm.maxPlainLength(sealed.length)];
        try {
            int n = gcm.get().open(sealed, 0, sealed.length, ad, plain);
            return n == plain.length ? plain : java.util.Arrays.copyOf(plain, n);
        } catch (SegmentedGcm.UnknownGeneration e) {
            throw new ArcaException.Corrupt(what + " is " + missingGeneration(e) + "; restore it from a copy", e);
        } catch (AEADBadTagException e) {
            throw new ArcaException.Corrupt(what + " fails authentication: it was altered, truncated, or belongs to another"
                    + " repository; restore it from a copy or run 'arca repo verify'", e);
        }
    }

    /** {@link #open(byte[], byte[], String)} naming the blob generically. */
    public byte[] open(byte[] sealed, byte[] ad) {
        return open(sealed, ad, "a sealed blob");
    }

    private static String missingGeneration(SegmentedGcm.UnknownGeneration e) {
        return "sealed under key generation " + e.generation + ", which this repository's keys lack: the key object "
                + RepositoryKeys.generationKey(e.generation) + " is missing or was not read";
    }

    /** How large this thread's scratch has grown; for tests. */
    int scratchCapacity() {
        return scratch.get().array().length;
    }

    /** This thread's scratch, grown to the size asked as {@link ChunkBuffer} grows (never doubled). */
    private byte[] scratch(int size) {
        return scratch.get().reset(size);
    }

    private static ArcaException.Corrupt corrupt(ChunkId id, String where, String what, Throwable cause) {
        return new ArcaException.Corrupt("chunk " + id + " in " + where + " is corrupt: " + what
                + "; verify the repository to find every damaged chunk", cause);
    }

    private static Mac newMac(SecretKeySpec key) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM lacks HmacSHA256", e);
        }
    }

    /**
     * A chunk before sealing: {@code plain()[0..length())}, its header byte then its body, zstd or raw, in a
     * buffer the codec lends until {@link #close} (once sealed); closing it again does nothing.
     */
    public static final class Body implements AutoCloseable {
        private final byte[] plain;
        private final int length;
        private final boolean compressed;
        private final ChunkCodec codec;
        private final Compressor lent;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Body(byte[] plain, int length, boolean compressed, ChunkCodec codec, Compressor lent) {
            this.plain = plain;
            this.length = length;
            this.compressed = compressed;
            this.codec = codec;
            this.lent = lent;
        }

        byte[] plain() {
            return plain;
        }

        public int length() {
            return length;
        }

        public boolean compressed() {
            return compressed;
        }

        /** Bytes the chunk takes in a pack once sealed. */
        public int storedLength() {
            return SegmentedGcm.sealedLength(length);
        }

        /** Gives the buffer back to the codec; the body must not be sealed after. */
        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                codec.giveBack(lent);
            }
        }
    }
}
