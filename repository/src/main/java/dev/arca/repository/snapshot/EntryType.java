package dev.arca.repository.snapshot;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a directory entry is, from the file-type bits of its {@code st_mode}. Files, directories
 * and symlinks are stored and restored; the special kinds are recorded (name and metadata) but
 * have no content and are not recreated on restore.
 */
public enum EntryType {
    FILE("file"),
    DIR("dir"),
    SYMLINK("symlink"),
    FIFO("fifo"),
    SOCKET("socket"),
    CHAR_DEVICE("char-device"),
    BLOCK_DEVICE("block-device"),
    UNKNOWN("unknown");

    private static final EntryType[] ALL = values();

    private final String json;

    EntryType(String json) {
        this.json = json;
    }

    /** The name in JSON, for {@link ListingJson} and the data binding alike. */
    @JsonValue
    String json() {
        return json;
    }

    /** The type named {@code json} in JSON. */
    @JsonCreator
    static EntryType ofJson(String json) {
        for (EntryType t : ALL) {
            if (t.json.equals(json)) {
                return t;
            }
        }
        throw new IllegalArgumentException("\"" + json + "\" is not an entry type");
    }

    private static final int S_IFMT = 0170000;

    /** The type encoded in a full {@code st_mode} value (as {@code unix:mode} returns it). */
    public static EntryType ofMode(int stMode) {
        return switch (stMode & S_IFMT) {
            case 0100000 -> FILE;
            case 0040000 -> DIR;
            case 0120000 -> SYMLINK;
            case 0010000 -> FIFO;
            case 0140000 -> SOCKET;
            case 0020000 -> CHAR_DEVICE;
            case 0060000 -> BLOCK_DEVICE;
            default -> UNKNOWN;
        };
    }

    /** True for the kinds that are recorded but not restored. */
    public boolean isSpecial() {
        return this != FILE && this != DIR && this != SYMLINK;
    }
}
