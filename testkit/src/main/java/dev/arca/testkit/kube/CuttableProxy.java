package dev.arca.testkit.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on loopback in front of a real API server, for tests of how a client lives through
 * a network fault: {@link #cut(Duration)} resets every open connection and, for the given time,
 * every new one (the client sees "connection reset" as from a restarting server or a flaky
 * network). Bytes pass through untouched, so TLS is end to end with the real server and the
 * server's certificate (issued for 127.0.0.1) still matches.
 *
 * <p>Listens on 127.0.0.1 only and forwards only to the loopback port it was given. Its threads
 * are daemons and end when {@link #close()} closes the sockets.
 */
public final class CuttableProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int upstreamPort;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "arca-cuttable-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger refused = new AtomicInteger();
    private volatile long downUntil = System.nanoTime();
    private volatile boolean closed;

    /** A proxy in front of {@code apiServerUrl}, which must be an {@code https://127.0.0.1:PORT} URL. */
    public CuttableProxy(String apiServerUrl) {
        URI uri = URI.create(apiServerUrl);
        if (!"127.0.0.1".equals(uri.getHost()) && !"localhost".equals(uri.getHost())) {
            throw new IllegalArgumentException("the proxy forwards only to loopback, not to " + apiServerUrl);
        }
        this.upstreamPort = uri.getPort();
        try {
            this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on loopback for the proxy", e);
        }
        threads.execute(this::acceptLoop);
    }

    /** The proxy's URL: {@code https://127.0.0.1:PORT}. */
    public String url() {
        return "https://127.0.0.1:" + listener.getLocalPort();
    }

    /** A copy of {@code config} (credentials, CA) that reaches the server through this proxy. */
    public Config configThrough(Config config) {
        return new ConfigBuilder(config).withMasterUrl(url()).build();
    }

    /** Resets every open connection now, and every new one during {@code duration}. */
    public void cut(Duration duration) {
        downUntil = System.nanoTime() + duration.toNanos();
        for (Socket socket : open) {
            reset(socket);
        }
    }

    /** How many sockets {@link #cut} reset: both ends of each open connection, and each new one while down. */
    public int resets() {
        return refused.get();
    }

    private boolean down() {
        return System.nanoTime() - downUntil < 0;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (down()) {
                reset(client);
                continue;
            }
            threads.execute(() -> connect(client));
        }
    }

    private void connect(Socket client) {
        Socket upstream = new Socket();
        try {
            upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort), 5_000);
        } catch (IOException e) {
            close(client);
            return;
        }
        open.add(client);
        open.add(upstream);
        threads.execute(() -> pump(client, upstream));
        pump(upstream, client);
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // reset or closed: the other direction ends too
        } finally {
            close(from);
            close(to);
        }
    }

    private void reset(Socket socket) {
        refused.incrementAndGet();
        try {
            socket.setSoLinger(true, 0); // close with RST, as a dropped connection
        } catch (SocketException ignored) {
            // already closed
        }
        close(socket);
    }

    private void close(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        open.forEach(this::close);
        threads.shutdownNow();
    }
}
