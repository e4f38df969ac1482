package dev.arca.engine;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * A loopback HTTP server that answers chosen API requests with scripted answers in order (the
 * last one repeats), and 404 to anything else: to see how one class of the engine handles the
 * API server's failures, for unit tests of that one class.
 */
public final class ScriptedApi implements AutoCloseable {
    /** One answer: an HTTP status and a JSON body. */
    public record Answer(int code, String body) {
        /** A {@code Status} answer with {@code code} and {@code message}. */
        public static Answer status(int code, String message) {
            return new Answer(code, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":" + code
                    + ",\"message\":\"" + message + "\"}");
        }
    }

    private final HttpServer server;
    private final Map<String, ConcurrentLinkedDeque<Answer>> script = new ConcurrentHashMap<>();
    /** Every request, as "METHOD /path". */
    public final List<String> requests = Collections.synchronizedList(new ArrayList<>());

    public ScriptedApi() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::answer);
        server.start();
    }

    /** Answers {@code method path} (no query) with {@code answers} in order, the last one from then on. */
    public ScriptedApi on(String method, String path, Answer... answers) {
        script.put(method + " " + path, new ConcurrentLinkedDeque<>(List.of(answers)));
        return this;
    }

    /** A client of this server that does no retries of its own. */
    public KubernetesClient client() {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:" + server.getAddress().getPort())
                .withRequestRetryBackoffLimit(0).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String request = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
            requests.add(request);
            ConcurrentLinkedDeque<Answer> answers = script.get(request);
            Answer answer = answers == null ? Answer.status(404, "not scripted")
                    : answers.size() > 1 ? answers.pollFirst() : answers.peekFirst();
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.code(), body.length);
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
