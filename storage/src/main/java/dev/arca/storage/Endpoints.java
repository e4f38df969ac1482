package dev.arca.storage;

import dev.arca.api.ArcaException;
import java.net.URI;
import java.net.URISyntaxException;

/** A provider's endpoint setting, read the same way by every provider. */
public final class Endpoints {
    private Endpoints() {
    }

    /**
     * The endpoint as a URI, or null when the location sets none.
     *
     * @param provider names the provider in the message, with its article ("an s3", "a gcs")
     * @param hint     what to write instead, ending the message
     */
    public static URI parse(String location, String value, String provider, String hint) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return new URI(value.strip());
        } catch (URISyntaxException e) {
            throw new ArcaException.InvalidInput("location \"" + location + "\" has " + provider + " endpoint that is not a URL (" + e.getReason() + "); " + hint);
        }
    }
}
