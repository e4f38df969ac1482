package dev.arca.testkit.azure;

import dev.arca.testkit.ServerSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Azure Blob service on a loopback port: Azurite's blob server, run with {@code node} as a
 * separate process over a temporary directory. It checks shared-key signatures and SAS tokens of
 * the well-known development account, so tests can check wrong credentials too.
 *
 * <p>Azurite comes from the npm registry and is installed on first use (see
 * {@link AzuriteInstallation}). The testkit depends on no Azure library: tests create containers
 * with the SDK, from {@link #endpoint()}, {@link #account()} and {@link #accountKey()}.
 * {@link #close()} kills the process (Azurite ignores SIGTERM) and deletes every file it wrote.
 */
public final class AzuriteServer implements AutoCloseable {
    /** The development account every Azurite serves. */
    public static final String ACCOUNT = "devstoreaccount1";
    /** The development account's key, published in Azurite's documentation: not a secret. */
    public static final String ACCOUNT_KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static final Logger LOG = LoggerFactory.getLogger(AzuriteServer.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final int START_ATTEMPTS = 3;

    private final Path dir;
    private final int port;
    private final Process process;
    private final Thread shutdownHook;

    private AzuriteServer(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
        this.shutdownHook = new Thread(() -> {
            kill(process);
            ServerSupport.deleteTree(dir);
        }, "azurite-" + port + "-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Installs Azurite if needed, starts it on a free loopback port and returns once the port
     * answers; fails with the end of its log if it does not. A start that loses its port to
     * another process is tried again on a new port.
     */
    public static AzuriteServer start() {
        Path script = AzuriteInstallation.blobScript();
        Path node = AzuriteInstallation.node();
        IllegalStateException failure = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            try {
                return startOnce(node, script);
            } catch (IllegalStateException e) {
                if (failure != null) {
                    e.addSuppressed(failure);
                }
                failure = e;
                if (!e.getMessage().contains("EADDRINUSE")) {
                    break;
                }
            }
        }
        throw failure;
    }

    /** The blob service URL, e.g. {@code http://127.0.0.1:40123/devstoreaccount1}. */
    public String endpoint() {
        return "http://127.0.0.1:" + port + "/" + ACCOUNT;
    }

    /** {@value #ACCOUNT}. */
    public String account() {
        return ACCOUNT;
    }

    /** The development account's well-known key (base64). */
    public String accountKey() {
        return ACCOUNT_KEY;
    }

    /** A connection string for the SDK's builders. */
    public String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + ACCOUNT_KEY
                + ";BlobEndpoint=" + endpoint() + ";";
    }

    public int port() {
        return port;
    }

    /** Kills the process and its children (SIGKILL: Azurite ignores SIGTERM) and deletes its directory. */
    @Override
    public void close() {
        kill(process);
        ServerSupport.release(shutdownHook, dir);
    }

    @Override
    public String toString() {
        return "Azurite at " + endpoint();
    }

    private static AzuriteServer startOnce(Path node, Path script) {
        Path dir;
        try {
            dir = Files.createTempDirectory("arca-azurite-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for Azurite", e);
        }
        Path data = dir.resolve("data");
        Path log = dir.resolve("azurite.log");
        int port = ServerSupport.freeLoopbackPort();
        Process process;
        try {
            Files.createDirectories(data);
            process = new ProcessBuilder(node.toString(), script.toString(),
                    "--blobHost", "127.0.0.1", "--blobPort", Integer.toString(port), "--location", data.toString(),
                    "--silent", "--skipApiVersionCheck", "--disableTelemetry")
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            ServerSupport.deleteTree(dir);
            throw new UncheckedIOException("cannot start Azurite with " + node + " " + script, e);
        }
        AzuriteServer server = new AzuriteServer(dir, port, process);
        try {
            server.awaitPort(log);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        LOG.info("Azurite {} listening on {} (data in {})", AzuriteInstallation.VERSION, server.endpoint(), data);
        return server;
    }

    private void awaitPort(Path log) {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Azurite exited with status " + process.exitValue()
                        + " before listening on port " + port + "; end of its log:\n" + AzuriteInstallation.tail(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return;
            } catch (IOException notYet) {
                ServerSupport.sleep(Duration.ofMillis(100), "Azurite");
            }
        }
        throw new IllegalStateException("Azurite did not listen on port " + port + " within " + START_TIMEOUT
                + "; end of its log:\n" + AzuriteInstallation.tail(log));
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
