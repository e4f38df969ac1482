package dev.arca.repository.content;

import dev.arca.api.ArcaException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The one place that knows the repository's keys in the object store:
 * <pre>
 * repository/keys.json                 id and data keys (in the key store)
 * repository/packs/&lt;xx&gt;/&lt;packId&gt;       chunks, each sealed, back to back
 * repository/index/&lt;indexId&gt;           sealed index: chunk id → pack, offset, length, ...
 * </pre>
 * A pack or index id is 64 hex digits: 48 random, then the creation time in epoch milliseconds
 * (16 hex digits). The object store tells no modification times, so the id carries the age that
 * maintenance's safety delay needs; {@code xx} is the id's first two (random) digits, which spreads
 * packs over 256 prefixes.
 */
public final class RepositoryLayout {
    /** Every key of the repository starts with this. */
    public static final String ROOT = "repository/";
    public static final String PACKS = "repository/packs/";
    public static final String INDEX = "repository/index/";
    private static final int RANDOM_HEX = 48;
    private static final int ID_HEX = 64;
    private static final SecureRandom RANDOM = new SecureRandom();

    private RepositoryLayout() {
    }

    /** A fresh pack or index id stamped with {@code clock}'s now. */
    public static String newId(Clock clock) {
        byte[] random = new byte[RANDOM_HEX / 2];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random) + HexFormat.of().toHexDigits(clock.millis());
    }

    /** When the pack or index with this id was created. */
    public static Instant created(String id) {
        check(id);
        return Instant.ofEpochMilli(HexFormat.fromHexDigitsToLong(id, RANDOM_HEX, ID_HEX));
    }

    public static String packKey(String packId) {
        return PACKS + check(packId).substring(0, 2) + "/" + packId;
    }

    public static String indexKey(String indexId) {
        return INDEX + check(indexId);
    }

    /** The id at the end of a pack or index key, or null when the key is not one of ours. */
    public static String idOf(String key) {
        String id = key.substring(key.lastIndexOf('/') + 1);
        return isId(id) ? id : null;
    }

    static boolean isId(String id) {
        if (id.length() != ID_HEX) {
            return false;
        }
        for (int i = 0; i < ID_HEX; i++) {
            if (Character.digit(id.charAt(i), 16) < 0 || Character.isUpperCase(id.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static String check(String id) {
        if (!isId(id)) {
            throw new ArcaException.Corrupt("\"" + id + "\" is not a pack or index id (64 lower-case hex digits);"
                    + " an index names a pack that cannot exist");
        }
        return id;
    }
}
