package dev.arca.bench.volumes;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Fast, deterministic file content: each filler writes into a caller's buffer from a
 * {@link SplittableRandom} (never SecureRandom: the data need not be secret, only fast and
 * repeatable from a seed).
 */
enum Content {
    /** JSON-like log records from a small vocabulary: compresses about 3-5x with zstd. */
    TEXT,
    /** Fixed-size binary records with low-entropy fields and some random bytes: compresses about 2x. */
    BINARY,
    /** Uniform random bytes: incompressible (media, archives, encrypted data). */
    RANDOM,
    /** Zeros (preallocated database or image regions). */
    ZEROS;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final byte[][] WORDS = words();
    private static final byte[] DIGITS = "0123456789".getBytes(StandardCharsets.US_ASCII);

    /** Fills {@code buf[0, len)}. */
    void fill(byte[] buf, int len, SplittableRandom random) {
        fill(buf, 0, len, random);
    }

    /** Fills {@code buf[from, to)}. */
    void fill(byte[] buf, int from, int to, SplittableRandom random) {
        switch (this) {
            case TEXT -> text(buf, from, to, random);
            case BINARY -> binary(buf, from, to, random);
            case RANDOM -> random(buf, from, to, random);
            case ZEROS -> Arrays.fill(buf, from, to, (byte) 0);
        }
    }

    static void random(byte[] buf, int from, int to, SplittableRandom random) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            LONGS.set(buf, i, random.nextLong());
        }
        for (; i < to; i++) {
            buf[i] = (byte) random.nextInt();
        }
    }

    private static void text(byte[] buf, int from, int to, SplittableRandom random) {
        int i = from;
        long id = random.nextLong(1_000_000_000L);
        while (i < to) {
            i = put(buf, i, to, "{\"id\":");
            i = number(buf, i, to, id++);
            i = put(buf, i, to, ",\"level\":\"");
            i = word(buf, i, to, random.nextInt(4));
            i = put(buf, i, to, "\",\"msg\":\"");
            int words = 3 + random.nextInt(10);
            for (int w = 0; w < words && i < to; w++) {
                i = word(buf, i, to, random.nextInt(WORDS.length));
                if (w + 1 < words && i < to) {
                    buf[i++] = ' ';
                }
            }
            i = put(buf, i, to, "\",\"took_ms\":");
            i = number(buf, i, to, random.nextInt(100_000));
            i = put(buf, i, to, ",\"user\":\"u");
            i = number(buf, i, to, random.nextInt(5000));
            i = put(buf, i, to, "\"}\n");
        }
    }

    private static void binary(byte[] buf, int from, int to, SplittableRandom random) {
        long counter = random.nextLong(1L << 40);
        int i = from;
        while (i + 32 <= to) {
            LONGS.set(buf, i, counter++);
            LONGS.set(buf, i + 8, (long) random.nextInt(256) | ((long) random.nextInt(4) << 32));
            LONGS.set(buf, i + 16, random.nextLong());
            LONGS.set(buf, i + 24, random.nextInt(1 << 20));
            i += 32;
        }
        random(buf, i, to, random);
    }

    private static int put(byte[] buf, int i, int to, String ascii) {
        for (int k = 0; k < ascii.length() && i < to; k++) {
            buf[i++] = (byte) ascii.charAt(k);
        }
        return i;
    }

    private static int word(byte[] buf, int i, int to, int index) {
        byte[] w = WORDS[index];
        int n = Math.min(w.length, to - i);
        System.arraycopy(w, 0, buf, i, n);
        return i + n;
    }

    private static int number(byte[] buf, int i, int to, long value) {
        if (value == 0) {
            return i < to ? put(buf, i, to, "0") : i;
        }
        int digits = 0;
        for (long v = value; v > 0; v /= 10) {
            digits++;
        }
        int end = i + digits;
        for (int k = end - 1; k >= i; k--, value /= 10) {
            if (k < to) {
                buf[k] = DIGITS[(int) (value % 10)];
            }
        }
        return Math.min(end, to);
    }

    /** 512 words: the four levels first, then made-up syllable words. */
    private static byte[][] words() {
        String[] syllables = {"ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ber", "con", "dat", "for", "gen", "pol", "ser", "tra"};
        byte[][] words = new byte[512][];
        String[] levels = {"INFO", "WARN", "DEBUG", "ERROR"};
        for (int i = 0; i < words.length; i++) {
            String w = i < levels.length ? levels[i]
                    : syllables[i % 16] + syllables[(i / 16) % 16] + (i % 3 == 0 ? syllables[(i / 7) % 16] : "");
            words[i] = w.getBytes(StandardCharsets.US_ASCII);
        }
        return words;
    }
}
