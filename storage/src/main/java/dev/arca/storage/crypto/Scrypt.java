package dev.arca.storage.crypto;

import java.nio.IntBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * scrypt (RFC 7914), the key derivation every encrypted location's key file names. Written here
 * rather than taken from BouncyCastle for the cost of its first run, which every CLI command on an
 * encrypted location pays: BouncyCastle keeps the 128 MiB table as many arrays allocated one after
 * another, which the small starting heap's young collections copy while it grows (1.5 s in a fresh
 * JVM against 0.6 s warm); here it is one array, which goes to the old generation at once (0.9 s
 * cold and 0.35 s warm with the whole table, 0.55 and 0.30 s with half of it, below). Either way
 * the table's pages stayed in the heap for the rest of a CLI run, so a backup's own memory came on
 * top of them: after a derivation a full collection hands them back (the heap shrinks to what is
 * live plus a margin), and the run's peak is the larger of the two.
 * The table keeps every other entry only, and an odd entry is made again from the even one before
 * it when the second loop asks for it: half the memory (64 MiB at the default cost, which came on
 * top of what a CLI run had loaded by then and was its peak RSS) for a quarter more work. The
 * result is the same; what an attacker must spend is scrypt's, whatever this machine stores (the
 * trade-off is open to anyone). The parity of each index read now shows in the time it takes, as
 * the indices already did in the cache; a local observer of a derivation's timing is not a threat
 * this guards against. Its output equals BouncyCastle's (tests compare them, and check the RFC's
 * vectors).
 */
final class Scrypt {
    private static final int HASH = 32;
    private static final int BLOCK = 64;
    /**
     * Derivations run one at a time in a process: each holds a 64 MiB table at the default cost,
     * and two at once could fill a server's default heap (a quarter of a 1 GiB container).
     */
    private static final Object ONE_TABLE_AT_A_TIME = new Object();
    /** Tables this large are handed back at once (the default cost's is 64 MiB; tests' small ones are not). */
    private static final long HAND_BACK_BYTES = 32L << 20;

    private Scrypt() {
    }

    /**
     * The {@code length}-byte key derived from {@code passphrase} and {@code salt}, with cost
     * {@code n} (a power of two above 1), block size {@code r} and parallelism {@code p}; uses
     * {@code 64 * n * r} bytes of memory (half of scrypt's table, {@link #roMix}), wiped and handed back
     * before it returns.
     */
    static byte[] derive(byte[] passphrase, byte[] salt, int n, int r, int p, int length) {
        if (n < 2 || (n & (n - 1)) != 0 || r < 1 || p < 1 || length < 1 || 16L * r < 31 && n >= 1L << (16 * r)) {
            throw new IllegalArgumentException("scrypt needs N a power of two above 1 and below 2^(16r), and r, p and the"
                    + " length at least 1, not N=" + n + ", r=" + r + ", p=" + p + ", length " + length);
        }
        long tableInts = 16L * r * n; // every other entry of 32·r·n
        // the limit stays the whole table's (what one array could hold), as before the table was halved
        if (2 * tableInts > Integer.MAX_VALUE - 8 || 128L * r * p > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("scrypt with N=" + n + ", r=" + r + ", p=" + p + " needs more memory than one array holds");
        }
        synchronized (ONE_TABLE_AT_A_TIME) {
            try {
                return derive(passphrase, salt, n, r, p, length, (int) tableInts);
            } finally {
                if (tableInts * Integer.BYTES >= HAND_BACK_BYTES) {
                    // the table is unreachable now: a full collection gives its pages back before the caller's work
                    // grows (a harness holding 150 MiB after a derivation with the whole table: peak RSS 334 -> 220 MiB)
                    System.gc();
                }
            }
        }
    }

    private static byte[] derive(byte[] passphrase, byte[] salt, int n, int r, int p, int length, int tableInts) {
        int blockInts = 32 * r;
        int[] x = new int[blockInts];
        int[] y = new int[blockInts];
        int[] s = new int[blockInts];
        int[] t = new int[16];
        byte[] b = null;
        int[] table = null;
        try {
            b = pbkdf2(passphrase, salt, 128 * r * p);
            table = new int[tableInts];
            IntBuffer v = IntBuffer.wrap(table);
            for (int i = 0; i < p; i++) {
                int offset = i * 128 * r;
                for (int k = 0; k < blockInts; k++) {
                    x[k] = littleEndian(b, offset + 4 * k);
                }
                roMix(x, y, s, v, t, n, r);
                for (int k = 0; k < blockInts; k++) {
                    putLittleEndian(x[k], b, offset + 4 * k);
                }
            }
            return pbkdf2(passphrase, b, length);
        } finally {
            if (table != null) {
                Arrays.fill(table, 0);
            }
            Arrays.fill(x, 0);
            Arrays.fill(y, 0);
            Arrays.fill(s, 0);
            Arrays.fill(t, 0);
            if (b != null) {
                Arrays.fill(b, (byte) 0);
            }
        }
    }

    /**
     * RFC 7914 section 5, on {@code x} (which holds the result); {@code y}, {@code s} and {@code t}
     * are scratch. {@code v} holds the even entries of the RFC's V only: entry 2k at k, entry 2k+1
     * being BlockMix of entry 2k.
     */
    private static void roMix(int[] x, int[] y, int[] s, IntBuffer v, int[] t, int n, int r) {
        int blockInts = 32 * r;
        for (int i = 0; i < n; i += 2) { // n is a power of two, so even: two steps a turn, x and y taking turns
            v.put((i >> 1) * blockInts, x, 0, blockInts);
            blockMix(x, y, t, r);
            blockMix(y, x, t, r);
        }
        int mask = n - 1;
        int last = (2 * r - 1) * 16; // Integerify: the first word of the last 64-byte block
        for (int i = 0; i < n; i += 2) {
            entry(v, x[last] & mask, y, s, t, r);
            xor(x, y, blockInts);
            blockMix(x, y, t, r);
            entry(v, y[last] & mask, x, s, t, r); // y's entry, into x, which blockMix has just consumed
            xor(y, x, blockInts);
            blockMix(y, x, t, r);
        }
    }

    /** V's entry {@code j} into {@code out}: stored when even, else made from the even one before it (through {@code s}). */
    private static void entry(IntBuffer v, int j, int[] out, int[] s, int[] t, int r) {
        int blockInts = 32 * r;
        if ((j & 1) == 0) {
            v.get((j >> 1) * blockInts, out, 0, blockInts);
        } else {
            v.get((j >> 1) * blockInts, s, 0, blockInts);
            blockMix(s, out, t, r);
        }
    }

    private static void xor(int[] into, int[] from, int count) {
        for (int k = 0; k < count; k++) {
            into[k] ^= from[k];
        }
    }

    /** RFC 7914 section 4: {@code in}'s 2r 64-byte blocks, mixed into {@code out} (evens first, then odds). */
    private static void blockMix(int[] in, int[] out, int[] t, int r) {
        System.arraycopy(in, (2 * r - 1) * 16, t, 0, 16);
        for (int i = 0; i < 2 * r; i++) {
            int from = i * 16;
            for (int k = 0; k < 16; k++) {
                t[k] ^= in[from + k];
            }
            salsa8(t);
            System.arraycopy(t, 0, out, ((i >> 1) + (i & 1) * r) * 16, 16);
        }
    }

    /** Salsa20/8's core (RFC 7914 section 3) on the 16 words of {@code b}, in place. */
    private static void salsa8(int[] b) {
        int x0 = b[0], x1 = b[1], x2 = b[2], x3 = b[3], x4 = b[4], x5 = b[5], x6 = b[6], x7 = b[7];
        int x8 = b[8], x9 = b[9], x10 = b[10], x11 = b[11], x12 = b[12], x13 = b[13], x14 = b[14], x15 = b[15];
        for (int i = 0; i < 8; i += 2) {
            x4 ^= Integer.rotateLeft(x0 + x12, 7);
            x8 ^= Integer.rotateLeft(x4 + x0, 9);
            x12 ^= Integer.rotateLeft(x8 + x4, 13);
            x0 ^= Integer.rotateLeft(x12 + x8, 18);
            x9 ^= Integer.rotateLeft(x5 + x1, 7);
            x13 ^= Integer.rotateLeft(x9 + x5, 9);
            x1 ^= Integer.rotateLeft(x13 + x9, 13);
            x5 ^= Integer.rotateLeft(x1 + x13, 18);
            x14 ^= Integer.rotateLeft(x10 + x6, 7);
            x2 ^= Integer.rotateLeft(x14 + x10, 9);
            x6 ^= Integer.rotateLeft(x2 + x14, 13);
            x10 ^= Integer.rotateLeft(x6 + x2, 18);
            x3 ^= Integer.rotateLeft(x15 + x11, 7);
            x7 ^= Integer.rotateLeft(x3 + x15, 9);
            x11 ^= Integer.rotateLeft(x7 + x3, 13);
            x15 ^= Integer.rotateLeft(x11 + x7, 18);
            x1 ^= Integer.rotateLeft(x0 + x3, 7);
            x2 ^= Integer.rotateLeft(x1 + x0, 9);
            x3 ^= Integer.rotateLeft(x2 + x1, 13);
            x0 ^= Integer.rotateLeft(x3 + x2, 18);
            x6 ^= Integer.rotateLeft(x5 + x4, 7);
            x7 ^= Integer.rotateLeft(x6 + x5, 9);
            x4 ^= Integer.rotateLeft(x7 + x6, 13);
            x5 ^= Integer.rotateLeft(x4 + x7, 18);
            x11 ^= Integer.rotateLeft(x10 + x9, 7);
            x8 ^= Integer.rotateLeft(x11 + x10, 9);
            x9 ^= Integer.rotateLeft(x8 + x11, 13);
            x10 ^= Integer.rotateLeft(x9 + x8, 18);
            x12 ^= Integer.rotateLeft(x15 + x14, 7);
            x13 ^= Integer.rotateLeft(x12 + x15, 9);
            x14 ^= Integer.rotateLeft(x13 + x12, 13);
            x15 ^= Integer.rotateLeft(x14 + x13, 18);
        }
        b[0] += x0;
        b[1] += x1;
        b[2] += x2;
        b[3] += x3;
        b[4] += x4;
        b[5] += x5;
        b[6] += x6;
        b[7] += x7;
        b[8] += x8;
        b[9] += x9;
        b[10] += x10;
        b[11] += x11;
        b[12] += x12;
        b[13] += x13;
        b[14] += x14;
        b[15] += x15;
    }

    /** PBKDF2-HMAC-SHA256 with one iteration (RFC 8018), as scrypt uses it. */
    private static byte[] pbkdf2(byte[] passphrase, byte[] salt, int length) {
        Hmac hmac = new Hmac(passphrase);
        try {
            byte[] out = new byte[length];
            byte[] counter = new byte[4];
            for (int block = 1, at = 0; at < length; block++, at += HASH) {
                counter[0] = (byte) (block >>> 24);
                counter[1] = (byte) (block >>> 16);
                counter[2] = (byte) (block >>> 8);
                counter[3] = (byte) block;
                byte[] u = hmac.mac(salt, counter);
                System.arraycopy(u, 0, out, at, Math.min(HASH, length - at));
                Arrays.fill(u, (byte) 0);
            }
            return out;
        } finally {
            hmac.wipe(); // its pads are the passphrase, XORed
        }
    }

    /** HMAC-SHA256 (RFC 2104) over two parts, keyed once. */
    private static final class Hmac {
        private final MessageDigest sha = sha256();
        private final byte[] inner = new byte[BLOCK];
        private final byte[] outer = new byte[BLOCK];

        Hmac(byte[] key) {
            byte[] k = key.length > BLOCK ? sha.digest(key) : key;
            for (int i = 0; i < BLOCK; i++) {
                byte kb = i < k.length ? k[i] : 0;
                inner[i] = (byte) (kb ^ 0x36);
                outer[i] = (byte) (kb ^ 0x5c);
            }
            if (k != key) {
                Arrays.fill(k, (byte) 0);
            }
        }

        byte[] mac(byte[] first, byte[] second) {
            sha.update(inner);
            sha.update(first);
            sha.update(second);
            byte[] innerHash = sha.digest();
            sha.update(outer);
            sha.update(innerHash);
            Arrays.fill(innerHash, (byte) 0);
            return sha.digest();
        }

        void wipe() {
            Arrays.fill(inner, (byte) 0);
            Arrays.fill(outer, (byte) 0);
        }

        private static MessageDigest sha256() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("this JDK has no SHA-256 (" + e.getClass().getSimpleName() + ")", e);
            }
        }
    }

    private static int littleEndian(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }

    private static void putLittleEndian(int value, byte[] b, int at) {
        b[at] = (byte) value;
        b[at + 1] = (byte) (value >>> 8);
        b[at + 2] = (byte) (value >>> 16);
        b[at + 3] = (byte) (value >>> 24);
    }
}
