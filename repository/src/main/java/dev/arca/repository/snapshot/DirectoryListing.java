package dev.arca.repository.snapshot;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.ArcaException;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * A directory object: the entries of one directory sorted by name, stored as JSON through the
 * object layer (so a huge directory is chunked like any stream) and referenced from its parent's
 * entry by {@link dev.arca.repository.object.ObjectRef}.
 *
 * <p>Validated on construction, hence on every parse: names are non-empty, contain neither '/'
 * nor NUL, are not "." or "..", and are strictly ascending (so unique); a hard link's
 * {@code hardLinkTo} is a relative path of such names. A directory object that breaks these rules
 * is corrupt or hostile, and {@link #parse} refuses it with {@link ArcaException.Corrupt}.
 */
public record DirectoryListing(int version, List<TreeEntry> entries) {
    public static final int VERSION = 1;

    public DirectoryListing {
        if (version != VERSION) {
            throw new IllegalArgumentException("directory object version " + version + " is not supported (this is "
                    + VERSION + "); upgrade Arca to read it");
        }
        entries = List.copyOf(Objects.requireNonNull(entries, "entries"));
        String previous = null;
        for (TreeEntry e : entries) {
            checkName(e.name());
            if (previous != null && previous.compareTo(e.name()) >= 0) {
                throw new IllegalArgumentException("entry \"" + e.name() + "\" is out of order or repeated after \""
                        + previous + "\"");
            }
            if (e.hardLinkTo() != null) {
                checkRelativePath(e.hardLinkTo());
            }
            previous = e.name();
        }
    }

    public static DirectoryListing of(List<TreeEntry> entries) {
        return new DirectoryListing(VERSION, entries);
    }

    /** Refuses a name that could address anything but a child of its directory. */
    public static void checkName(String name) {
        if (name == null || name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0
                || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("entry name \"" + name
                    + "\" is not a plain file name (empty, \".\", \"..\", or containing '/' or NUL)");
        }
    }

    /** Refuses a path that is not a '/'-separated sequence of plain names. */
    public static void checkRelativePath(String path) {
        if (path.isEmpty()) {
            throw new IllegalArgumentException("empty relative path");
        }
        for (String segment : path.split("/", -1)) {
            try {
                checkName(segment);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("path \"" + path + "\" has a bad segment: " + e.getMessage());
            }
        }
    }

    byte[] toJson(ObjectMapper mapper) {
        try {
            return ListingJson.write(mapper.getFactory(), this);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise a directory object", e);
        }
    }

    /**
     * Parses a directory object.
     * @param where the directory's path and snapshot, for the message
     * @throws ArcaException.Corrupt if it is not a valid directory object
     */
    static DirectoryListing parse(ObjectMapper mapper, byte[] json, String where) {
        try {
            return ListingJson.read(mapper.getFactory(), json);
        } catch (IOException | RuntimeException e) {
            throw new ArcaException.Corrupt("directory object of " + where + " is invalid: " + Json.rootMessage(e)
                    + "; the snapshot is damaged or was not written by Arca, run a verify and restore from another snapshot",
                    e);
        }
    }
}
