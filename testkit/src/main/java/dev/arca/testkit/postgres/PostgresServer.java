package dev.arca.testkit.postgres;

import dev.arca.testkit.ServerSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 15 server on a loopback port, in a fresh temporary directory: {@code initdb}
 * with a random password for the user {@value #USER} (SCRAM authentication), then
 * {@code postgres} in the foreground with durability switched off (tests need speed, not crash
 * safety). As root the programs run as an unprivileged user (see {@link PostgresBinaries}).
 *
 * <p>{@link #stop()} and {@link #resume()} stop and start the same server on the same port and
 * data, for tests of a database that goes away. {@link #close()} stops it and deletes its
 * directory; a JVM shutdown hook does the same if a test forgets.
 */
public final class PostgresServer implements AutoCloseable {
    /** The superuser the tests log in as. */
    public static final String USER = "arca";
    private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern DATABASE = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final String READY = "database system is ready to accept connections";

    private final PostgresBinaries binaries;
    private final Path dir;
    private final Path log;
    private final int port;
    private final String password;
    private final Thread shutdownHook;
    private Process process;

    private PostgresServer(PostgresBinaries binaries, Path dir, int port, String password) {
        this.binaries = binaries;
        this.dir = dir;
        this.log = dir.resolve("postgres.log");
        this.port = port;
        this.password = password;
        this.shutdownHook = new Thread(() -> {
            stopQuietly();
            ServerSupport.deleteTree(dir);
        }, "postgres-" + port + "-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Initialises a cluster in a new temporary directory and starts it on a free loopback port;
     * returns once it accepts connections. Fails naming the install script if PostgreSQL 15 is
     * not installed, and with the end of the server's log if it does not start.
     */
    public static PostgresServer start() {
        PostgresBinaries binaries = PostgresBinaries.find();
        Path dir;
        try {
            dir = Files.createTempDirectory("arca-postgres-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for PostgreSQL", e);
        }
        PostgresServer server = new PostgresServer(binaries, dir, ServerSupport.freeLoopbackPort(), randomHex(16));
        try {
            server.initdb();
            server.resume();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        LOG.info("PostgreSQL listening on 127.0.0.1:{} (data in {})", server.port, dir);
        return server;
    }

    /** The JDBC URL of {@code database} on this server, without credentials ({@link #user()}, {@link #password()}). */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** The JDBC URL of the {@code postgres} database, without credentials. */
    public String jdbcUrl() {
        return jdbcUrl("postgres");
    }

    /** The server's directory (data, log); gone after {@link #close()}. */
    Path dir() {
        return dir;
    }

    public int port() {
        return port;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return password;
    }

    /** {@code PGUSER} and {@code PGPASSWORD} for this server, as a client's environment would hold them. */
    public Map<String, String> clientEnv() {
        return Map.of("PGUSER", USER, "PGPASSWORD", password);
    }

    /** Creates a database with a unique name starting with {@code prefix} (lower-case letters, digits, '_'). */
    public String createUniqueDatabase(String prefix) {
        String name = prefix + "_" + randomHex(6);
        if (!DATABASE.matcher(name).matches()) {
            throw new IllegalArgumentException("\"" + prefix + "\" makes no valid database name: start with a "
                    + "lower-case letter, then lower-case letters, digits or '_', at most 50 characters");
        }
        PostgresBinaries.run(binaries.client("psql", "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", USER,
                        "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-q", "-c", "CREATE DATABASE " + name),
                dir, log, Map.of("PGPASSWORD", password), Duration.ofSeconds(30));
        return name;
    }

    /** Starts the server again after {@link #stop()}, on the same port and data; returns once it accepts connections. */
    public synchronized void resume() {
        if (process != null && process.isAlive()) {
            return;
        }
        long logStart = logSize();
        try {
            process = new ProcessBuilder(binaries.command("postgres", "-D", dir.resolve("data").toString(),
                    "-p", Integer.toString(port), "-c", "listen_addresses=127.0.0.1",
                    "-c", "unix_socket_directories=" + dir, "-c", "fsync=off", "-c", "synchronous_commit=off",
                    "-c", "full_page_writes=off", "-c", "max_connections=100"))
                    .directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL from " + dir, e);
        }
        awaitReady(logStart);
    }

    /** Stops the server (fast shutdown: open connections are cut), keeping its data for {@link #resume()}. */
    public synchronized void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        try {
            PostgresBinaries.run(binaries.command("pg_ctl", "stop", "-D", dir.resolve("data").toString(), "-m", "fast",
                    "-w", "-t", "20"), dir, log, Map.of(), STOP_TIMEOUT);
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } catch (RuntimeException e) {
            LOG.warn("PostgreSQL on port {} did not stop cleanly, killing it: {}", port, e.getMessage());
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    /** Stops the server and deletes its directory. */
    @Override
    public void close() {
        stopQuietly();
        ServerSupport.release(shutdownHook, dir);
    }

    @Override
    public String toString() {
        return "PostgreSQL at 127.0.0.1:" + port;
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException e) {
            LOG.warn("could not stop PostgreSQL on port {}: {}", port, e.getMessage());
        }
    }

    private void initdb() {
        Path passwordFile = dir.resolve("initdb-password");
        try {
            Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8);
            binaries.handOver(dir);
            PostgresBinaries.run(binaries.command("initdb", "-D", dir.resolve("data").toString(), "-U", USER,
                    "--pwfile=" + passwordFile, "-A", "scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync"),
                    dir, log, Map.of(), Duration.ofSeconds(120));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the password file for initdb in " + dir, e);
        } finally {
            passwordFile.toFile().delete();
        }
    }

    private void awaitReady(long logStart) {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("PostgreSQL exited with status " + process.exitValue()
                        + " before accepting connections on port " + port + "; end of its log:\n"
                        + ServerSupport.tail(log, 30));
            }
            if (logSince(logStart).contains(READY)) {
                return;
            }
            ServerSupport.sleep(Duration.ofMillis(100), "PostgreSQL");
        }
        throw new IllegalStateException("PostgreSQL did not accept connections on port " + port + " within "
                + START_TIMEOUT + "; end of its log:\n" + ServerSupport.tail(log, 30));
    }

    private long logSize() {
        try {
            return Files.exists(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private String logSince(long offset) {
        try {
            byte[] all = Files.readAllBytes(log);
            return new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset),
                    StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

}
