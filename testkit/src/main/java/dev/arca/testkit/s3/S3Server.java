package dev.arca.testkit.s3;

import dev.arca.testkit.ServerSupport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real S3 server on a loopback port: s3proxy with its filesystem backend, run as a separate
 * {@code java -jar} process over a temporary directory. It enforces AWS signatures (v2 and v4)
 * with a random access key and secret, so tests can check wrong credentials too.
 *
 * <p>A bucket of the filesystem backend is a directory under the base directory, so
 * {@link #createBucket(String)} makes one without an S3 client (the testkit depends on no S3
 * library). {@link #close()} kills the process and deletes every file it wrote.
 */
public final class S3Server implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(S3Server.class);
    private static final String PROPERTIES = "/arca-testkit.properties";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    private final Path dir;
    private final Path basedir;
    private final String host;
    private final int port;
    private final String accessKey;
    private final String secretKey;
    private final Process process;
    private final Thread shutdownHook;

    private S3Server(Path dir, Path basedir, String host, int port, String accessKey, String secretKey, Process process) {
        this.dir = dir;
        this.basedir = basedir;
        this.host = host;
        this.port = port;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.process = process;
        this.shutdownHook = new Thread(process::destroyForcibly, "s3proxy-" + port + "-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts s3proxy on loopback and returns once its port answers; fails with the end of its log if it does not. */
    public static S3Server start() {
        return start("127.0.0.1");
    }

    /**
     * Starts s3proxy on {@code host} (an address of this machine: loopback, or the local node's
     * bridge gateway so that pods reach it) and returns once its port answers.
     */
    public static S3Server start(String host) {
        Path jar = s3proxyJar();
        Path dir;
        try {
            dir = Files.createTempDirectory("arca-s3proxy-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for s3proxy", e);
        }
        Path basedir = dir.resolve("data");
        Path log = dir.resolve("s3proxy.log");
        int port = ServerSupport.freeLoopbackPort();
        String accessKey = "ARCA" + randomHex(8).toUpperCase();
        String secretKey = randomHex(20);
        Process process;
        try {
            Files.createDirectories(basedir);
            Path config = writeConfig(dir, basedir, host, port, accessKey, secretKey);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            process = new ProcessBuilder(java, "-Xmx256m", "-jar", jar.toString(), "--properties", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            ServerSupport.deleteTree(dir);
            throw new UncheckedIOException("cannot start s3proxy from " + jar, e);
        }
        S3Server server = new S3Server(dir, basedir, host, port, accessKey, secretKey, process);
        try {
            server.awaitPort(log);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        LOG.info("s3proxy listening on {} (data in {})", server.endpoint(), basedir);
        return server;
    }

    /** The base URL, e.g. {@code http://127.0.0.1:40123}. */
    public String endpoint() {
        return "http://" + host + ":" + port;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    /** The directory holding the buckets (one sub-directory each). */
    public Path basedir() {
        return basedir;
    }

    /**
     * Creates an empty bucket (a directory of the filesystem backend) and returns its directory.
     * Creating one that exists is not an error.
     */
    public Path createBucket(String name) {
        if (name == null || !BUCKET.matcher(name).matches() || name.contains("..")) {
            throw new IllegalArgumentException("\"" + name + "\" is not a valid S3 bucket name: use 3 to 63 "
                    + "lower-case letters, digits, '-' and '.'");
        }
        try {
            return Files.createDirectories(basedir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create bucket directory for " + name, e);
        }
    }

    /** A fresh bucket with a unique name starting with {@code prefix}. */
    public String createUniqueBucket(String prefix) {
        String name = prefix + "-" + randomHex(6);
        createBucket(name);
        return name;
    }

    /** Kills the process and deletes its directory. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        ServerSupport.release(shutdownHook, dir);
    }

    @Override
    public String toString() {
        return "s3proxy at " + endpoint();
    }

    private void awaitPort(Path log) {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("s3proxy exited with status " + process.exitValue()
                        + " before listening on port " + port + "; end of its log:\n" + ServerSupport.tail(log, 30));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getByName(host), port), 500);
                return;
            } catch (IOException notYet) {
                ServerSupport.sleep(Duration.ofMillis(100), "s3proxy");
            }
        }
        throw new IllegalStateException("s3proxy did not listen on port " + port + " within " + START_TIMEOUT
                + "; end of its log:\n" + ServerSupport.tail(log, 30));
    }

    static Path s3proxyJar() {
        Properties props = new Properties();
        try (InputStream in = S3Server.class.getResourceAsStream(PROPERTIES)) {
            if (in == null) {
                throw new IllegalStateException(PROPERTIES + " is not on the classpath; build the testkit with "
                        + "'mvn -pl testkit install'");
            }
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + PROPERTIES, e);
        }
        String value = props.getProperty("s3proxy.jar");
        if (value == null || value.contains("${")) {
            throw new IllegalStateException(PROPERTIES + " has no resolved s3proxy.jar (" + value
                    + "); rebuild the testkit with 'mvn -pl testkit install'");
        }
        Path jar = Path.of(value);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the s3proxy server jar " + jar + " is missing; fetch it with "
                    + "'mvn -pl testkit generate-resources' (needs network access to Maven Central once)");
        }
        return jar;
    }

    private static Path writeConfig(Path dir, Path basedir, String host, int port, String accessKey, String secretKey)
            throws IOException {
        List<String> lines = List.of(
                "s3proxy.endpoint=http://" + host + ":" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + accessKey,
                "s3proxy.credential=" + secretKey,
                "s3proxy.ignore-unknown-headers=true",
                "jclouds.provider=filesystem-nio2",
                "jclouds.filesystem.basedir=" + basedir);
        Path config = dir.resolve("s3proxy.properties");
        Files.write(config, lines, StandardCharsets.UTF_8);
        return config;
    }


    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }



}
