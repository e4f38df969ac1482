package dev.arca.archive;

import dev.arca.api.ArcaException;
import java.util.regex.Pattern;

/**
 * The SHA-256 and size of one stored file, as recorded in the manifest and checked on read.
 *
 * @param sha256 64 lowercase hex digits
 * @param size   the file's length in bytes
 */
public record FileDigest(String sha256, long size) {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    public FileDigest {
        if (sha256 == null || !HEX64.matcher(sha256).matches()) {
            throw new ArcaException.InvalidInput("\"" + sha256 + "\" is not a SHA-256 in lowercase hex");
        }
        if (size < 0) {
            throw new ArcaException.InvalidInput("a file size cannot be negative, got " + size);
        }
    }

    /** The digest of {@code data}. */
    public static FileDigest of(byte[] data) {
        return new FileDigest(DigestStreams.hex(DigestStreams.sha256().digest(data)), data.length);
    }

    /**
     * Why {@code actual} does not match this expected digest, or null when it does: "truncated: N of
     * M bytes", "longer than the M bytes recorded" or "sha256 mismatch".
     */
    public String mismatch(FileDigest actual) {
        if (actual.size < size) {
            return "truncated: " + actual.size + " of " + size + " bytes";
        }
        if (actual.size > size) {
            return "longer than the " + size + " bytes recorded";
        }
        return actual.sha256.equals(sha256) ? null : "sha256 mismatch";
    }
}
