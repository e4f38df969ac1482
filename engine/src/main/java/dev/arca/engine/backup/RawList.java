package dev.arca.engine.backup;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.engine.discovery.ResourceType;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * One page of a LIST, read from the response as it arrives: each item is scanned in place
 * ({@link RawItem}) and handed on, so neither the page nor a model of its items is ever built. This
 * is the backup's hot path; the fabric8 typed list would parse every item into a
 * {@code GenericKubernetesResource} only for the backup to serialise it back.
 */
final class RawList {
    private final HttpClient http;
    private final ObjectMapper json;
    private final String base;

    RawList(KubernetesClient client, ObjectMapper json) {
        this.http = client.getHttpClient();
        this.json = json;
        String url = client.getMasterUrl().toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** A LIST answered with an error status. */
    static final class Failure extends Exception {
        final int code;

        Failure(int code, String message) {
            super(message);
            this.code = code;
        }
    }

    /**
     * Reads one page and gives each item to {@code items}.
     *
     * @param namespace null for all namespaces (or a cluster-scoped type)
     * @param token     the previous page's continue token, or null for the first page
     * @return the continue token of the next page, null after the last page
     */
    String page(ResourceType type, String namespace, int limit, String token, String labelSelector,
                Consumer<RawItem> items) throws Failure, IOException {
        HttpRequest request = http.newHttpRequestBuilder()
                .uri(base + path(type, namespace) + query(limit, token, labelSelector))
                .header("Accept", "application/json")
                .build();
        HttpResponse<InputStream> response;
        try {
            response = http.sendAsync(request, InputStream.class).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while listing " + type.resource(), e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(String.valueOf(e.getCause()), e.getCause());
        }
        try (InputStream body = response.body()) {
            if (!response.isSuccessful()) {
                throw new Failure(response.code(), statusMessage(body));
            }
            return readPage(body, json, items);
        }
    }

    /**
     * The names of every item of a cluster-scoped {@code type}, page by page, without building a
     * typed model of them: the backup needs only the names of the namespaces and the CRDs.
     */
    List<String> names(ResourceType type, int pageSize) throws Failure, IOException {
        List<String> names = new ArrayList<>();
        String token = null;
        do {
            token = page(type, null, pageSize, token, null, item -> names.add(item.name()));
        } while (token != null);
        return names;
    }

    /** The path of a LIST of {@code type}, across namespaces when {@code namespace} is null. */
    static String path(ResourceType type, String namespace) {
        StringBuilder path = new StringBuilder(type.group().isEmpty() ? "/api/" : "/apis/" + type.group() + "/");
        path.append(type.version());
        if (namespace != null) {
            path.append("/namespaces/").append(namespace);
        }
        return path.append('/').append(type.plural()).toString();
    }

    static String query(int limit, String token, String labelSelector) {
        StringBuilder query = new StringBuilder("?limit=").append(limit);
        if (token != null) {
            query.append("&continue=").append(URLEncoder.encode(token, StandardCharsets.UTF_8));
        }
        if (labelSelector != null) {
            query.append("&labelSelector=").append(URLEncoder.encode(labelSelector, StandardCharsets.UTF_8));
        }
        return query.toString();
    }

    /**
     * Reads a list object ({@code {"metadata": {"continue": ...}, "items": [...]}}, in any field
     * order) from {@code body}, one item at a time.
     *
     * @return the continue token, null when there is none
     */
    static String readPage(InputStream body, ObjectMapper json, Consumer<RawItem> items) throws IOException {
        ByteWindow window = new ByteWindow(body);
        RawItem item = new RawItem(window, json);
        try (JsonParser parser = json.getFactory().createParser(window)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("the API server's answer is not a JSON object");
            }
            String token = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("items".equals(field) && value == JsonToken.START_ARRAY) {
                    JsonToken next;
                    while ((next = parser.nextToken()) == JsonToken.START_OBJECT) {
                        item.scan(parser);
                        items.accept(item);
                    }
                    if (next != JsonToken.END_ARRAY) {
                        throw new IOException("an item of the list is not a JSON object but " + next);
                    }
                } else if ("metadata".equals(field) && value == JsonToken.START_OBJECT) {
                    JsonNode metadata = json.readTree(parser);
                    String next = metadata.path("continue").asText("");
                    token = next.isEmpty() ? null : next;
                } else {
                    parser.skipChildren();
                }
                window.release(parser.currentLocation().getByteOffset());
            }
            return token;
        }
    }

    /** The message of a {@code Status} answer, or its first bytes when it is not one. */
    private String statusMessage(InputStream body) {
        try {
            byte[] bytes = body.readNBytes(4096);
            try {
                JsonNode status = json.readTree(bytes);
                if (status != null && status.hasNonNull("message")) {
                    return status.get("message").asText();
                }
            } catch (IOException notJson) {
                // fall through to the raw text
            }
            return new String(bytes, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "(no readable answer: " + e.getMessage() + ")";
        }
    }
}
