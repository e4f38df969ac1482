package dev.arca.archive;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The JSON settings of every document in an archive: ISO-8601 dates and durations (never
 * numbers), nulls left out, unknown properties ignored so an older Arca reads a newer manifest.
 *
 * <p>{@link #mapper()} is shared and thread-safe; callers must not reconfigure it (that would
 * change every archive written afterwards): take {@link #newMapper()} for a private copy.
 */
public final class ArchiveJson {
    private static final ObjectMapper MAPPER = newMapper();

    private ArchiveJson() {
    }

    /** The shared, configured mapper. Do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** A fresh mapper with the archive's settings, free to be reconfigured. */
    public static ObjectMapper newMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);
    }
}
