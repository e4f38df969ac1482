package dev.arca.cli.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP relay on the node bridge's gateway address to an API server that listens on loopback only,
 * so that pods on the node reach a control plane that has no node (a hub). Bytes pass untouched:
 * TLS is end to end with the real server. Its threads are daemons and end when {@link #close()}
 * closes the sockets.
 */
final class GatewayRelay implements AutoCloseable {
    private final ServerSocket listener;
    private final String gateway;
    private final int upstreamPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "arca-gateway-relay");
        t.setDaemon(true);
        return t;
    });

    /** Listens on {@code gateway} (a free port) and forwards to {@code https://127.0.0.1:PORT}, {@code loopbackUrl}. */
    GatewayRelay(String gateway, String loopbackUrl) {
        URI uri = URI.create(loopbackUrl);
        if (!"127.0.0.1".equals(uri.getHost())) {
            throw new IllegalArgumentException("the relay forwards only to 127.0.0.1, not to " + loopbackUrl);
        }
        this.gateway = gateway;
        this.upstreamPort = uri.getPort();
        try {
            this.listener = new ServerSocket(0, 50, InetAddress.getByName(gateway));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on the node's gateway " + gateway + "; is the node up?", e);
        }
        threads.execute(this::accept);
    }

    /** {@code https://GATEWAY:PORT}: where pods on the node reach the upstream server. */
    String url() {
        return "https://" + gateway + ":" + listener.getLocalPort();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket upstream = new Socket();
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort), 5_000);
                open.add(client);
                open.add(upstream);
                threads.execute(() -> pump(client, upstream));
                threads.execute(() -> pump(upstream, client));
            } catch (IOException e) {
                if (listener.isClosed()) {
                    return;
                }
            }
        }
    }

    private void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // the other side went away: close both below
        } finally {
            quietly(from);
            quietly(to);
        }
    }

    private void quietly(Socket s) {
        open.remove(s);
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        open.forEach(this::quietly);
        threads.shutdownNow();
    }
}
