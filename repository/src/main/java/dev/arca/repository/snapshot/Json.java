package dev.arca.repository.snapshot;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.arca.repository.content.ChunkId;
import java.io.IOException;

/** The JSON form of directory objects and manifests: chunk ids as hex, times as ISO-8601. */
final class Json {
    private Json() {
    }

    /** A mapper configured for the snapshot layer; thread-safe once built. */
    static ObjectMapper mapper() {
        SimpleModule ids = new SimpleModule("chunk-ids");
        ids.addSerializer(ChunkId.class, new JsonSerializer<>() {
            @Override
            public void serialize(ChunkId id, JsonGenerator gen, SerializerProvider p) throws IOException {
                gen.writeString(id.toString());
            }
        });
        ids.addDeserializer(ChunkId.class, new JsonDeserializer<>() {
            @Override
            public ChunkId deserialize(JsonParser parser, DeserializationContext ctx) throws IOException {
                return ChunkId.parse(parser.getValueAsString());
            }
        });
        return new ObjectMapper()
                .registerModule(ids)
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** The innermost message of a parse failure, which names the offending entry. */
    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
