package dev.arca.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A loopback TCP proxy to a plain-HTTP server that, while stalling is on, stops forwarding a
 * connection as soon as it carries {@code marker} (say, the key of an upload): the client waits,
 * as on a network that went silent. Turning stalling off does not release stalled connections;
 * closing the proxy does.
 */
final class StallingProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int targetPort;
    private final byte[] marker;
    private final AtomicBoolean stalling = new AtomicBoolean(true);
    private final AtomicBoolean stalled = new AtomicBoolean();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    StallingProxy(int targetPort, String marker) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.targetPort = targetPort;
        this.marker = marker.getBytes(StandardCharsets.US_ASCII);
        Thread accept = new Thread(this::accept, "stalling-proxy");
        accept.setDaemon(true);
        accept.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    /** Whether a connection has been stalled. */
    boolean stalledOne() {
        return stalled.get();
    }

    void stopStalling() {
        stalling.set(false);
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(client);
                sockets.add(server);
                pump(client, server, true);
                pump(server, client, false);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean watch) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (watch && stalling.get() && contains(buffer, n)) {
                        stalled.set(true);
                        while (!from.isClosed()) {
                            Thread.sleep(100); // silent from here on, until the proxy closes
                        }
                        return;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the connection ended
            }
        }, "stalling-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private boolean contains(byte[] buffer, int length) {
        outer:
        for (int i = 0; i + marker.length <= length; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (buffer[i + j] != marker[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
