package dev.arca.storage;

import dev.arca.api.ArcaException;

/** The one place that says what a ranged read past the end of an object means, and how a dropped stream is closed. */
public final class Ranges {
    private Ranges() {
    }

    /** Returns {@code read} when it holds all {@code length} bytes asked for; otherwise the object is too short. */
    public static byte[] checkLength(ObjectStore store, String key, long offset, int length, byte[] read) {
        if (read.length != length) {
            throw shortObject(store, key, offset, length);
        }
        return read;
    }

    public static ArcaException.Corrupt shortObject(ObjectStore store, String key, long offset, int length) {
        return new ArcaException.Corrupt("object " + key + " in " + store.describe() + " is shorter than the " + length
                + " bytes asked for at offset " + offset + ": it was truncated or the index pointing into it is wrong");
    }

    /** Closes a stream that is being dropped (after a failure, or past the end); a failure to close changes nothing. */
    public static void closeQuietly(java.io.InputStream in) {
        try {
            in.close();
        } catch (java.io.IOException | RuntimeException ignored) {
            // the stream is being abandoned
        }
    }
}
