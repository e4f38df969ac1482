package dev.arca.engine.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/** Test documents written with single quotes. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static ObjectNode obj(String text) {
        return (ObjectNode) node(text);
    }

    static JsonNode node(String text) {
        try {
            return MAPPER.readTree(text.replace('\'', '"'));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PatchOp op(String op, String path, String value) {
        return new PatchOp(op, Pointer.parse(path), null, value == null ? null : node(value), null, null);
    }
}
