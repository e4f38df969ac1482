package dev.arca.engine.backup;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.engine.KubeRetry;
import dev.arca.engine.discovery.ResourceType;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
    /** How often one LIST may start over or continue inconsistently after its continue token expired. */
    static final int MAX_RESTARTS = 5;
    private final HttpClient http;
    private final ObjectMapper json;
    private final String base;
    private final KubeRetry retry;
    private final Consumer<String> warn;

    /**
     * @param retry how a failed page is asked for again
     * @param warn  where a LIST that had to restart or lost its consistent snapshot is reported
     */
    RawList(KubernetesClient client, ObjectMapper json, KubeRetry retry, Consumer<String> warn) {
        this.http = client.getHttpClient();
        this.json = json;
        this.retry = retry;
        this.warn = warn;
        String url = client.getMasterUrl().toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** A LIST answered with an error status. */
    static final class Failure extends IOException implements KubeRetry.HttpAnswer {
        final int code;
        /** The server's Retry-After, null when it gave none. */
        final Duration retryAfter;
        /** A 410's token to continue inconsistently from where the expired one pointed, null when none was offered. */
        final String continueToken;

        Failure(int code, String message, Duration retryAfter, String continueToken) {
            super(message);
            this.code = code;
            this.retryAfter = retryAfter;
            this.continueToken = continueToken;
        }

        @Override
        public int code() {
            return code;
        }

        @Override
        public Duration retryAfter() {
            return retryAfter;
        }
    }

    /**
     * Every item of a LIST, page by page, each handed to {@code items} exactly once. A page that
     * fails transiently is asked for again ({@link KubeRetry}). A continue token that expired
     * (410 Gone: etcd compacted the revision the LIST reads) is replaced by the inconsistent
     * continue token the server offers with the 410, or else the LIST starts over. After any such
     * failure the items up to the last one already handed on are skipped: the API server lists in
     * etcd key order ({@code namespace/name}), so nothing is handed on twice.
     */
    void all(ResourceType type, String namespace, PageSizer sizer, String selector, Consumer<RawItem> items) throws IOException {
        String what = "list " + type.resource() + (namespace == null ? "" : " in namespace " + namespace);
        Cursor cursor = new Cursor(items);
        String token = null;
        int restarts = 0;
        boolean more = true;
        while (more) {
            String asked = token;
            int limit = sizer.limit();
            int[] attempts = {0};
            try {
                token = retry.call(what, () -> {
                    cursor.startPage(attempts[0]++ > 0);
                    return page(type, namespace, limit, asked, selector, cursor);
                });
                sizer.observed(cursor.pageItems, cursor.pageBytes);
                more = token != null;
            } catch (Failure e) {
                if (e.code != 410 || asked == null || ++restarts > MAX_RESTARTS) {
                    throw e;
                }
                token = e.continueToken;
                cursor.resume();
                warn.accept(what + ": the continue token expired (HTTP 410: " + e.getMessage() + "); "
                        + (token != null ? "continuing with the server's inconsistent token, so the list is no longer one "
                        + "consistent snapshot: items changed meanwhile may appear in their newer state or be missed"
                        : "listing again from the start, skipping the items already backed up"));
            }
        }
    }

    /** Hands items on in key order, skipping after a failure those already handed on. */
    /** etcd orders keys by their UTF-8 bytes, unsigned: not Java's UTF-16 order (they differ past U+FFFF). */
    static int etcdOrder(String a, String b) {
        return java.util.Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static final class Cursor implements Consumer<RawItem> {
        private final Consumer<RawItem> items;
        private String last;
        private boolean skipping;
        long pageItems;
        long pageBytes;

        Cursor(Consumer<RawItem> items) {
            this.items = items;
        }

        void startPage(boolean again) {
            pageItems = 0;
            pageBytes = 0;
            if (again) {
                resume();
            }
        }

        /** The next items up to and including the last one handed on were handed on already. */
        void resume() {
            skipping = last != null;
        }

        @Override
        public void accept(RawItem item) {
            pageItems++;
            pageBytes += item.size();
            String key = item.namespace() == null ? item.name() : item.namespace() + "/" + item.name();
            if (skipping) {
                if (etcdOrder(key, last) <= 0) {
                    return;
                }
                skipping = false;
            }
            last = key;
            items.accept(item);
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
                Consumer<RawItem> items) throws IOException {
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
            throw e.getCause() instanceof IOException io ? io : new IOException("listing failed: " + e.getCause().getClass().getSimpleName()
                    + (e.getCause().getMessage() == null ? "" : ": " + e.getCause().getMessage()), e.getCause());
        }
        try (InputStream body = response.body()) {
            if (!response.isSuccessful()) {
                throw failure(response, body);
            }
            return readPage(body, json, items);
        }
    }

    /**
     * The names of every item of a cluster-scoped {@code type}, page by page, without building a
     * typed model of them: the backup needs only the names of the namespaces and the CRDs.
     */
    List<String> names(ResourceType type, int pageSize) throws IOException {
        List<String> names = new ArrayList<>();
        all(type, null, new PageSizer(pageSize), null, item -> names.add(item.name()));
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

    /**
     * The error answer as a {@link Failure}: the {@code Status}'s message (or the answer's first
     * bytes when it is not one), the wait the server asked for (the {@code Retry-After} header or
     * {@code details.retryAfterSeconds}) and a 410's inconsistent continue token ({@code metadata.continue}).
     */
    private Failure failure(HttpResponse<InputStream> response, InputStream body) {
        Duration retryAfter = seconds(response.header("Retry-After"));
        try {
            byte[] bytes = body.readNBytes(4096);
            try {
                JsonNode status = json.readTree(bytes);
                if (status != null && status.hasNonNull("message")) {
                    if (retryAfter == null) {
                        retryAfter = seconds(status.path("details").path("retryAfterSeconds").asText(null));
                    }
                    String token = status.path("metadata").path("continue").asText("");
                    return new Failure(response.code(), status.get("message").asText(), retryAfter, token.isEmpty() ? null : token);
                }
            } catch (IOException notJson) {
                // fall through to the raw text
            }
            return new Failure(response.code(), new String(bytes, StandardCharsets.UTF_8).strip(), retryAfter, null);
        } catch (IOException e) {
            return new Failure(response.code(), "(no readable answer: " + e.getMessage() + ")", retryAfter, null);
        }
    }

    /** A whole number of seconds as a duration; null when absent, not a number (an HTTP date) or not positive. */
    private static Duration seconds(String value) {
        try {
            long n = value == null ? 0 : Long.parseLong(value.strip());
            return n > 0 ? Duration.ofSeconds(Math.min(n, 3600)) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
