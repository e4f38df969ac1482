package dev.arca.engine.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A paged LIST of ConfigMaps in namespace {@code shop} served on loopback the way the API server
 * pages (items in name order, at most {@value #MAX_PAGE} a page, an opaque continue token), with a fault planned
 * for chosen requests: an answer cut half way, a 429 with Retry-After, a 410 Gone with or
 * without an inconsistent continue token, a 403.
 */
final class FakeListServer implements AutoCloseable {
    enum Fault { CUT_HALF_WAY, THROTTLED, GONE, GONE_WITH_TOKEN, FORBIDDEN }

    /** Items in a page at most, whatever the limit asks (a server may answer fewer than the limit). */
    static final int MAX_PAGE = 5;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final List<String> names;
    private final Map<Integer, Fault> faults = new ConcurrentHashMap<>();
    /** The continue parameter of each request, in order ("" for none). */
    final List<String> tokens = Collections.synchronizedList(new ArrayList<>());

    FakeListServer(List<String> names) throws IOException {
        this.names = List.copyOf(names);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/namespaces/shop/configmaps", this::answer);
        server.start();
    }

    /** Answers the {@code request}-th request (from 1) with {@code fault}. */
    FakeListServer fault(int request, Fault fault) {
        faults.put(request, fault);
        return this;
    }

    KubernetesClient client() {
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl("http://127.0.0.1:" + server.getAddress().getPort())
                .withRequestRetryBackoffLimit(0)
                .build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            String token = query.getOrDefault("continue", "");
            tokens.add(token);
            Fault fault = faults.get(tokens.size());
            if (fault != null && fault != Fault.CUT_HALF_WAY) {
                refuse(exchange, fault, token);
                return;
            }
            int start = token.isEmpty() ? 0 : Integer.parseInt(token.substring(2));
            int end = Math.min(names.size(), start + Math.min(MAX_PAGE, Integer.parseInt(query.get("limit"))));
            byte[] page = page(start, end);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(page, 0, fault == Fault.CUT_HALF_WAY ? page.length / 2 : page.length);
            }
        }
    }

    private byte[] page(int start, int end) throws IOException {
        ObjectNode list = JSON.createObjectNode().put("kind", "ConfigMapList").put("apiVersion", "v1");
        list.putObject("metadata").put("resourceVersion", "42").put("continue", end < names.size() ? "i:" + end : "");
        ArrayNode items = list.putArray("items");
        for (String name : names.subList(start, end)) {
            ObjectNode item = items.addObject();
            item.putObject("metadata").put("name", name).put("namespace", "shop");
            item.putObject("data").put("value", "x".repeat(200));
        }
        return JSON.writeValueAsBytes(list);
    }

    private static void refuse(HttpExchange exchange, Fault fault, String token) throws IOException {
        ObjectNode status = JSON.createObjectNode().put("kind", "Status").put("apiVersion", "v1").put("status", "Failure");
        int code = switch (fault) {
            case THROTTLED -> 429;
            case FORBIDDEN -> 403;
            default -> 410;
        };
        status.put("code", code);
        status.put("message", code == 410 ? "The provided continue parameter is too old to display a consistent list result."
                : code == 429 ? "Too many requests, please try again later." : "configmaps is forbidden");
        if (fault == Fault.GONE_WITH_TOKEN) {
            status.putObject("metadata").put("continue", "x:" + token.substring(2)); // from where the expired one pointed
        }
        if (fault == Fault.THROTTLED) {
            exchange.getResponseHeaders().add("Retry-After", "2");
        }
        byte[] body = JSON.writeValueAsBytes(status);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, body.length);
        exchange.getResponseBody().write(body);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            int eq = pair.indexOf('=');
            query.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return query;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
