package dev.arca.testkit.postgres;

import dev.arca.testkit.ServerSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Where PostgreSQL's programs are and as whom they run. PostgreSQL refuses to run as root, so
 * when the tests run as root the server programs run through {@code runuser} as the
 * {@code postgres} user (or {@code nobody} where that user does not exist), and the server's
 * directory is handed to that user.
 */
final class PostgresBinaries {
    static final String DEFAULT_BIN = "/usr/lib/postgresql/15/bin";

    private final Path bin;
    private final String runAs;

    private PostgresBinaries(Path bin, String runAs) {
        this.bin = bin;
        this.runAs = runAs;
    }

    /**
     * Finds the binaries (system property {@code arca.postgres.bin}, else environment variable
     * {@code ARCA_POSTGRES_BIN}, else Debian's PostgreSQL 15 directory) and the user to run them as.
     */
    static PostgresBinaries find() {
        String configured = System.getProperty("arca.postgres.bin", System.getenv("ARCA_POSTGRES_BIN"));
        Path bin = Path.of(configured == null || configured.isBlank() ? DEFAULT_BIN : configured);
        for (String program : List.of("initdb", "postgres", "pg_ctl", "psql")) {
            if (!Files.isExecutable(bin.resolve(program))) {
                throw new IllegalStateException("PostgreSQL's " + program + " is missing from " + bin + "; install "
                        + "Debian's 'postgresql' package (15) with scripts/lib/install-deps, or point the system property "
                        + "arca.postgres.bin at a directory holding initdb, postgres, pg_ctl and psql");
            }
        }
        return new PostgresBinaries(bin, isRoot() ? unprivilegedUser() : null);
    }

    /** The command line that runs {@code program} as the server's user. */
    List<String> command(String program, String... args) {
        List<String> command = new ArrayList<>();
        if (runAs != null) {
            command.addAll(List.of(runuser(), "-u", runAs, "--"));
        }
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(args));
        return command;
    }

    /** A client program (psql) run as the current user. */
    List<String> client(String program, String... args) {
        List<String> command = new ArrayList<>();
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(args));
        return command;
    }

    /** Hands {@code path} (and everything under it) to the server's user, when it is not the current one. */
    void handOver(Path path) {
        if (runAs == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
            UserPrincipal user = lookup.lookupPrincipalByName(runAs);
            GroupPrincipal group = lookup.lookupPrincipalByGroupName(runAs.equals("nobody") ? "nogroup" : runAs);
            for (Path p : (Iterable<Path>) paths::iterator) {
                PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
                view.setOwner(user);
                view.setGroup(group);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hand " + path + " over to user " + runAs + " for PostgreSQL", e);
        }
    }

    /**
     * Runs a short-lived program to its end; a non-zero exit or a timeout fails with the end of its
     * output, which is appended to {@code log}.
     */
    static void run(List<String> command, Path workDir, Path log, Map<String, String> env, Duration timeout) {
        String name = Path.of(command.get(command.indexOf("--") + 1)).getFileName().toString();
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(name + " did not finish within " + timeout + "; end of its output:\n"
                        + ServerSupport.tail(log, 20));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(name + " failed with status " + process.exitValue()
                        + "; end of its output:\n" + ServerSupport.tail(log, 20));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + name, e);
        }
    }

    private static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static String unprivilegedUser() {
        try {
            java.nio.file.FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            return "postgres";
        } catch (UserPrincipalNotFoundException e) {
            return "nobody";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look up the postgres user", e);
        }
    }

    private static String runuser() {
        for (String candidate : List.of("/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return "runuser";
    }
}
