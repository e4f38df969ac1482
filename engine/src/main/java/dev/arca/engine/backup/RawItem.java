package dev.arca.engine.backup;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * One item of a LIST page, located in the page's bytes rather than parsed: a scan with the
 * streaming parser notes where each field is and reads only the name, namespace and labels. The
 * archive gets the item's own bytes, with {@code apiVersion} and {@code kind} put first (lists omit
 * them) and {@code metadata.managedFields} left out, so no string of the item is decoded and
 * encoded again. Reused from item to item by one reader; valid only during its callback.
 */
final class RawItem implements ListedItem {
    private static final byte[] METADATA = "\"metadata\":{".getBytes(StandardCharsets.UTF_8);
    private final ByteWindow window;
    private final ObjectMapper json;
    private long start;
    private long end;
    private String namespace;
    private String name;
    private Map<String, String> labels;
    private JsonNode tree;
    private boolean hasMetadata;
    /** [from, to) stream offsets of the fields kept, top level (other than metadata) and in metadata. */
    private long[] top = new long[16];
    private int topCount;
    private long[] meta = new long[32];
    private int metaCount;

    RawItem(ByteWindow window, ObjectMapper json) {
        this.window = window;
        this.json = json;
    }

    /** Scans the item whose START_OBJECT the parser is on, leaving the parser on its END_OBJECT. */
    void scan(JsonParser parser) throws IOException {
        start = parser.currentTokenLocation().getByteOffset();
        window.release(start);
        namespace = null;
        name = null;
        labels = Map.of();
        tree = null;
        hasMetadata = false;
        topCount = 0;
        metaCount = 0;
        long fieldStart = -1;
        String field = null;
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            long at = parser.currentTokenLocation().getByteOffset();
            closeTop(field, fieldStart, at);
            field = parser.currentName();
            fieldStart = at;
            JsonToken value = parser.nextToken();
            if ("metadata".equals(field) && value == JsonToken.START_OBJECT) {
                scanMetadata(parser);
                hasMetadata = true;
            } else {
                parser.skipChildren();
            }
        }
        if (token != JsonToken.END_OBJECT) {
            throw new IOException("an item of the list is not a JSON object");
        }
        long close = parser.currentTokenLocation().getByteOffset();
        closeTop(field, fieldStart, close);
        end = close + 1;
    }

    private void closeTop(String field, long from, long nextToken) {
        if (field == null || field.equals("metadata") || field.equals("apiVersion") || field.equals("kind")) {
            return;
        }
        if (topCount + 2 > top.length) {
            top = Arrays.copyOf(top, top.length * 2);
        }
        top[topCount++] = from;
        top[topCount++] = fieldEnd(nextToken);
    }

    private void scanMetadata(JsonParser parser) throws IOException {
        long fieldStart = -1;
        String field = null;
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            long at = parser.currentTokenLocation().getByteOffset();
            closeMeta(field, fieldStart, at);
            field = parser.currentName();
            fieldStart = at;
            JsonToken value = parser.nextToken();
            switch (field) {
                case "name" -> name = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                case "namespace" -> namespace = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                case "labels" -> labels = value == JsonToken.START_OBJECT ? labels(parser) : Map.of();
                default -> parser.skipChildren();
            }
        }
        if (token != JsonToken.END_OBJECT) {
            throw new IOException("the metadata of an item of the list is not a JSON object");
        }
        closeMeta(field, fieldStart, parser.currentTokenLocation().getByteOffset());
    }

    private void closeMeta(String field, long from, long nextToken) {
        if (field == null || field.equals("managedFields")) {
            return;
        }
        if (metaCount + 2 > meta.length) {
            meta = Arrays.copyOf(meta, meta.length * 2);
        }
        meta[metaCount++] = from;
        meta[metaCount++] = fieldEnd(nextToken);
    }

    private static Map<String, String> labels(JsonParser parser) throws IOException {
        Map<String, String> labels = new HashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            JsonToken value = parser.nextToken();
            if (value.isStructStart()) {
                parser.skipChildren();
            } else {
                labels.put(key, parser.getText());
            }
        }
        return labels;
    }

    /** Where a field ends, given where the next token (a field name or the closing brace) begins. */
    private long fieldEnd(long nextToken) {
        long p = nextToken;
        while (p > start && isSpace(window.at(p - 1))) {
            p--;
        }
        if (window.at(p - 1) == ',') {
            p--;
            while (p > start && isSpace(window.at(p - 1))) {
                p--;
            }
        }
        return p;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    /** How many bytes the item takes in the response. */
    long size() {
        return end - start;
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public String name() {
        return name;
    }

    Map<String, String> labels() {
        return labels;
    }

    @Override
    public JsonNode json() {
        if (tree == null) {
            try {
                tree = json.readTree(window.array(), window.index(start), (int) (end - start));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot parse " + name + ": " + e.getMessage(), e);
            }
        }
        return tree;
    }

    /** The item as the archive keeps it: {@code {"apiVersion":…,"kind":…,"metadata":{…},…}}. */
    byte[] stored(byte[] typeHeader, ByteArrayOutputStream out) {
        out.reset();
        out.write(typeHeader, 0, typeHeader.length);
        if (hasMetadata) {
            out.write(',');
            out.write(METADATA, 0, METADATA.length);
            copyFields(meta, metaCount, out);
            out.write('}');
        }
        if (topCount > 0) {
            out.write(',');
            copyFields(top, topCount, out);
        }
        out.write('}');
        return out.toByteArray();
    }

    private void copyFields(long[] ranges, int count, ByteArrayOutputStream out) {
        for (int i = 0; i < count; i += 2) {
            if (i > 0) {
                out.write(',');
            }
            window.copy(ranges[i], ranges[i + 1], out);
        }
    }

    /** {@code {"apiVersion":"…","kind":"…"} without its closing brace, for {@link #stored}. */
    static byte[] typeHeader(ObjectMapper json, String apiVersion, String kind) {
        try {
            String header = "{\"apiVersion\":" + json.writeValueAsString(apiVersion) + ",\"kind\":" + json.writeValueAsString(kind);
            return header.getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
