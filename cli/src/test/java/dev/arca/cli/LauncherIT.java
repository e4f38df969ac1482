package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/arca} as users run it, against the jar this build just packaged: it records its
 * class-data archive once, later runs map their classes from it, and an archive the JVM cannot use
 * only costs time, never output or a failure.
 */
class LauncherIT {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).resolve("..").toAbsolutePath().normalize();
    private static final Path TARGET = ROOT.resolve("cli/target");
    private static final Path ARCHIVE = TARGET.resolve("arca-cli.jsa");

    @TempDir
    Path home;

    @BeforeAll
    static void thisBuildIsCurrent() throws IOException {
        assertThat(ROOT.resolve("bin/arca")).isExecutable();
        assertThat(TARGET.resolve("arca-cli.jar")).as("packaged before the integration tests").isRegularFile();
        // The package phase of this very run built the jar from the current sources: bin/arca must not build again.
        Path stamp = TARGET.resolve("arca.stamp");
        Files.deleteIfExists(stamp);
        Files.createFile(stamp);
    }

    @AfterAll
    static void noArchiveLeftFromTheseTests() throws IOException {
        Files.deleteIfExists(ARCHIVE); // the next bin/arca run records a fresh one
    }

    @Test
    void theFirstRunRecordsTheArchiveAndLaterRunsLoadTheirClassesFromIt() throws Exception {
        Files.deleteIfExists(ARCHIVE);

        Run first = arca(null, "--version");
        assertThat(first.code).as(first.toString()).isZero();
        assertThat(first.out).startsWith("arca ");
        assertThat(first.err).as("no build, no JVM warnings").isEmpty();
        assertThat(ARCHIVE).isRegularFile();
        assertThat(Files.size(ARCHIVE)).isGreaterThan(1 << 20);

        Path classLog = home.resolve("classes.log");
        Run listed = arca("-Xlog:class+load=info:file=" + classLog, "backup", "get");
        assertThat(listed.code).as(listed.toString()).isZero();
        List<String> loaded = Files.readAllLines(classLog);
        assertThat(loaded).anySatisfy(l -> assertThat(l).contains(" dev.arca.cli.ArcaCommand source: shared objects file (top)"))
                .anySatisfy(l -> assertThat(l).contains(" com.fasterxml.jackson.databind.ObjectMapper source: shared objects file (top)"));
        assertThat(loaded.stream().filter(l -> l.contains("source: shared objects file (top)")).count())
                .as("classes mapped from the recorded archive").isGreaterThan(500);
        assertThat(loaded.stream().filter(l -> l.contains("source: file:") && !l.contains("] picocli.")).toList())
                .as("read from jars: only picocli's (Java 5 class files, which CDS cannot archive) and the few classes that"
                        + " implement its interfaces").hasSizeLessThan(10);
    }

    @Test
    void anArchiveTheJvmCannotMapOnlyCostsTime() throws Exception {
        assertThat(arca(null, "--version").code).isZero(); // records the archive if it is missing
        Files.write(ARCHIVE, "not a class-data archive".repeat(1000).getBytes(StandardCharsets.US_ASCII));

        Run run = arca(null, "backup", "get");

        assertThat(run.code).as(run.toString()).isZero();
        assertThat(run.out).contains("No resources found.");
        assertThat(run.err).as("the JVM's cds warnings are off").isEmpty();
    }

    private Run arca(String javaOpts, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("bin/arca").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
        builder.environment().put("ARCA_HOME", home.resolve("arca-home").toString());
        builder.environment().remove("KUBECONFIG");
        builder.environment().remove("JAVA_OPTS");
        if (javaOpts != null) {
            builder.environment().put("JAVA_OPTS", javaOpts);
        }
        Path out = home.resolve("out");
        Path err = home.resolve("err");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("bin/arca " + String.join(" ", args) + " ended").isTrue();
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private record Run(int code, String out, String err) {
    }
}
