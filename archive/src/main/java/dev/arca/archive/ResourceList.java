package dev.arca.archive;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The resource list of a backup, {@code resource-list.json}: {@code {"configmaps": ["ns/name",
 * ...], "namespaces": ["name", ...]}}, keys and entries sorted. During a backup the entries are
 * spooled through an {@link ExternalSorter}, so the list never needs the whole backup in memory.
 */
final class ResourceList implements Closeable {
    private static final TypeReference<TreeMap<String, List<String>>> TYPE = new TypeReference<>() {
    };
    /** Sorts below every character a resource name may hold, so "a" sorts before "a.b". */
    private static final char SEPARATOR = '\t';

    private final ExternalSorter sorter;

    ResourceList(Path tempDir, int maxInMemory, int maxRuns) {
        this.sorter = new ExternalSorter(tempDir, maxInMemory, maxRuns);
    }

    void add(ItemKey key) throws IOException {
        sorter.add(key.resource() + SEPARATOR + key.listEntry());
    }

    /** Streams the list as JSON to {@code out}, which is flushed but left open. */
    void writeJson(OutputStream out) throws IOException {
        try (JsonGenerator json = ArchiveJson.mapper().getFactory().createGenerator(out)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.writeStartObject();
            String[] current = {null};
            sorter.forEachSorted(line -> {
                int tab = line.indexOf(SEPARATOR);
                String resource = line.substring(0, tab);
                if (!resource.equals(current[0])) {
                    if (current[0] != null) {
                        json.writeEndArray();
                    }
                    json.writeArrayFieldStart(resource);
                    current[0] = resource;
                }
                json.writeString(line.substring(tab + 1));
            });
            if (current[0] != null) {
                json.writeEndArray();
            }
            json.writeEndObject();
        }
        out.flush();
    }

    /** Parses a resource list (held whole in memory); the result and its lists are unmodifiable. */
    static Map<String, List<String>> read(InputStream in) throws IOException {
        TreeMap<String, List<String>> parsed = ArchiveJson.mapper().readValue(in, TYPE);
        parsed.replaceAll((resource, entries) -> entries == null ? List.of() : Collections.unmodifiableList(entries));
        return Collections.unmodifiableSortedMap(parsed);
    }

    @Override
    public void close() {
        sorter.close();
    }
}
