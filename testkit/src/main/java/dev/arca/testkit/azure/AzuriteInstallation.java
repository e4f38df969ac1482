package dev.arca.testkit.azure;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Azurite from the npm registry, installed on first use into a cache directory
 * ({@code ~/.cache/arca/azurite}, or the system property {@code arca.azurite.home}) with
 * {@code npm install --prefix}, and kept there for later runs. Installs are serialised by a file
 * lock, so two test JVMs never install into the same directory at once.
 */
final class AzuriteInstallation {
    static final String VERSION = "3.37.0";
    static final String HOME_PROPERTY = "arca.azurite.home";
    private static final Logger LOG = LoggerFactory.getLogger(AzuriteInstallation.class);
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);
    private static final Pattern VERSION_FIELD = Pattern.compile("\"version\"\\s*:\\s*\"" + Pattern.quote(VERSION) + "\"");

    private AzuriteInstallation() {
    }

    /** The directory npm installs into. */
    static Path home() {
        String configured = System.getProperty(HOME_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "arca", "azurite");
    }

    /** The {@code azurite-blob} script of Azurite {@value #VERSION}, installing it first if it is missing. */
    static synchronized Path blobScript() {
        Path home = home();
        Path script = home.resolve("node_modules/.bin/azurite-blob");
        if (installed(home, script)) {
            return script;
        }
        try {
            Files.createDirectories(home);
            try (FileChannel channel = FileChannel.open(home.resolve(".install.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
                if (!installed(home, script)) { // another JVM may have installed it while we waited
                    install(home);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install Azurite into " + home, e);
        }
        if (!installed(home, script)) {
            throw new IllegalStateException("npm installed azurite@" + VERSION + " into " + home + " but " + script
                    + " is missing; delete " + home + " and run the tests again");
        }
        return script;
    }

    /** The {@code node} executable on the PATH. */
    static Path node() {
        return onPath("node").orElseThrow(() -> new IllegalStateException("node is not on the PATH, and Azurite (the "
                + "Azure Blob server of the tests) runs on it; install Node.js 20 or later with npm "
                + "(e.g. 'apt-get install nodejs npm')"));
    }

    private static boolean installed(Path home, Path script) {
        Path packageJson = home.resolve("node_modules/azurite/package.json");
        try {
            return Files.exists(script) && Files.isRegularFile(packageJson)
                    && VERSION_FIELD.matcher(Files.readString(packageJson, StandardCharsets.UTF_8)).find();
        } catch (IOException e) {
            return false;
        }
    }

    private static void install(Path home) throws IOException {
        Path npm = onPath("npm").orElseThrow(() -> new IllegalStateException("Azurite " + VERSION + " is not installed "
                + "in " + home + " and npm is not on the PATH to install it; install Node.js 20 or later with npm "
                + "(e.g. 'apt-get install nodejs npm'), or run 'npm install --prefix " + home + " azurite@" + VERSION
                + "' yourself"));
        Path log = home.resolve("install.log");
        List<String> command = List.of(npm.toString(), "install", "--no-audit", "--no-fund", "--prefix",
                home.toString(), "azurite@" + VERSION);
        LOG.info("installing Azurite {} into {} (once; log in {})", VERSION, home, log);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!process.waitFor(INSTALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("'" + String.join(" ", command) + "' did not finish within "
                        + INSTALL_TIMEOUT + "; end of its log:\n" + tail(log));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing Azurite", e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("'" + String.join(" ", command) + "' failed with status "
                    + process.exitValue() + " (it needs the npm registry once); end of its log:\n" + tail(log));
        }
    }

    private static java.util.Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return java.util.Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return java.util.Optional.of(candidate);
            }
        }
        return java.util.Optional.empty();
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
