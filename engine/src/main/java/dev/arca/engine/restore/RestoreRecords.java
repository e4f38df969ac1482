package dev.arca.engine.restore;

import dev.arca.api.ArcaException;
import dev.arca.archive.ArchiveJson;
import dev.arca.archive.LocationLayout;
import dev.arca.archive.ZstdJsonLines;
import dev.arca.storage.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** Reads the restores recorded in a location. */
public final class RestoreRecords {
    private RestoreRecords() {
    }

    public static List<String> names(ObjectStore store) {
        return LocationLayout.restoreNames(store);
    }

    public static RestoreRecord read(ObjectStore store, String name) {
        byte[] json;
        try {
            json = store.getBytes(LocationLayout.restoreKey(name));
        } catch (ArcaException.NotFound e) {
            throw new ArcaException.NotFound("restore \"" + name + "\" not found in " + store.describe() + "; run 'arca restore get'");
        }
        try {
            return ArchiveJson.mapper().readValue(json, RestoreRecord.class);
        } catch (IOException e) {
            throw new ArcaException.Corrupt("record of restore \"" + name + "\" in " + store.describe() + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** The restore's log, decompressed JSON lines; the caller closes it. */
    public static InputStream log(ObjectStore store, String name) {
        read(store, name);
        try {
            return ZstdJsonLines.decompress(store.get(LocationLayout.restoreLogKey(name)));
        } catch (IOException e) {
            throw new ArcaException.Corrupt("log of restore \"" + name + "\" cannot be read: " + e.getMessage(), e);
        }
    }
}
