package dev.arca.server.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's HTTP endpoints, on the JDK's HTTP server: {@code /metrics} (Prometheus text),
 * {@code /healthz} (200 while the process is alive and its controllers are not stuck) and
 * {@code /readyz} (200 once the caches have synced); 503 with a one-line reason otherwise.
 * Logs no request, and never puts an exception's message in a reply or in the log (it could carry
 * a secret): a failing check or scrape is reported by the exception's class and where it was thrown.
 */
public final class ServerHttp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServerHttp.class);
    static final String METRICS_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;

    private ServerHttp(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds and starts serving.
     *
     * @param metrics the Prometheus text, produced per scrape ({@code ServerMetrics::scrape})
     * @param live    false when a controller thread is stuck: the kubelet restarts the pod
     * @param ready   false until the controllers' caches have synced: no traffic, no rollout progress
     */
    public static ServerHttp start(BindAddress address, Supplier<String> metrics, BooleanSupplier live, BooleanSupplier ready) {
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(live, "live");
        Objects.requireNonNull(ready, "ready");
        HttpServer server;
        try {
            server = HttpServer.create(address.socketAddress(), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + address + " for /metrics, /healthz and /readyz ("
                    + e.getMessage() + "): choose a free port with --metrics-address", e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "arca-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/metrics", exchange -> serveMetrics(exchange, metrics));
        server.createContext("/healthz", exchange -> serveCheck(exchange, live, "not live: a controller thread is stuck"));
        server.createContext("/readyz", exchange -> serveCheck(exchange, ready, "not ready: the controllers' caches have not synced yet"));
        server.createContext("/", exchange -> reply(exchange, 404, "not found: this server serves /metrics, /healthz and /readyz"));
        server.start();
        ServerHttp http = new ServerHttp(server, executor);
        LOG.info("serving /metrics, /healthz and /readyz on {}", http.address());
        return http;
    }

    /** The address actually bound: with port 0, the port the system picked. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops listening and ends the handler threads at once (the JDK's grace delay always waits out in full). */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static void serveMetrics(HttpExchange exchange, Supplier<String> metrics) throws IOException {
        if (!allowed(exchange)) {
            return;
        }
        String text;
        try {
            text = metrics.get();
        } catch (RuntimeException e) {
            LOG.warn("a scrape of /metrics failed: {}", where(e));
            reply(exchange, 500, "metrics failed: " + e.getClass().getSimpleName() + "; see the server's log");
            return;
        }
        send(exchange, 200, METRICS_TYPE, text);
    }

    private static void serveCheck(HttpExchange exchange, BooleanSupplier check, String whyNot) throws IOException {
        if (!allowed(exchange)) {
            return;
        }
        boolean ok;
        String reason = whyNot;
        try {
            ok = check.getAsBoolean();
        } catch (RuntimeException e) {
            ok = false;
            reason = whyNot + " (the check threw " + e.getClass().getSimpleName() + "; see the server's log)";
            LOG.warn("the {} check failed: {}", exchange.getRequestURI().getPath(), where(e));
        }
        reply(exchange, ok ? 200 : 503, ok ? "ok" : reason);
    }

    /** An exception's class and where it was thrown, without its message, which could carry a secret. */
    static String where(Throwable e) {
        StackTraceElement[] frames = e.getStackTrace();
        return e.getClass().getName() + (frames.length == 0 ? "" : " at " + frames[0]);
    }

    private static boolean allowed(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        if (method.equals("GET") || method.equals("HEAD")) {
            return true;
        }
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        reply(exchange, 405, "method " + method + " not allowed: use GET");
        return false;
    }

    private static void reply(HttpExchange exchange, int status, String line) throws IOException {
        send(exchange, status, "text/plain; charset=utf-8", line + "\n");
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!head) {
                out.write(bytes);
            }
        }
    }
}
