package dev.arca.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped alert rules, checked by the real promtool (Debian's {@code prometheus} package, which
 * scripts/test installs): they parse, and each alert fires on the series meant to fire it and on
 * no others (arca-rules.test.yaml).
 */
class AlertRulesIT {
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    private static Path rules;
    private static Path tests;

    private record Run(int exit, String output) {
    }

    /** Copies the files as shipped (from the jar failsafe tests) next to each other, as promtool wants them. */
    @BeforeAll
    static void copyShippedFiles(@TempDir Path dir) throws IOException {
        assertThat(PROMTOOL).as("promtool, from Debian's prometheus package: apt-get install prometheus (scripts/test does)")
                .isExecutable();
        rules = copy("arca-rules.yaml", dir);
        tests = copy("arca-rules.test.yaml", dir);
    }

    private static Path copy(String name, Path dir) throws IOException {
        try (InputStream in = AlertRulesIT.class.getResourceAsStream("/alerts/" + name)) {
            assertThat(in).as("/alerts/" + name + " on the class path").isNotNull();
            Path file = dir.resolve(name);
            Files.copy(in, file);
            return file;
        }
    }

    private static Run promtool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(PROMTOOL.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("promtool " + String.join(" ", args) + " did not finish within 60 s");
            }
            return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
        }
    }

    private static Set<String> matches(Path file, String regex) throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(Files.readString(file));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @Test
    void theRulesPassPromtoolCheckRules() throws Exception {
        Run run = promtool("check", "rules", rules.toString());
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("SUCCESS: 5 rules found");
    }

    @Test
    void eachAlertFiresOnTheSeriesMeantToFireItAndOnNoOthers() throws Exception {
        Run run = promtool("test", "rules", tests.toString());
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("SUCCESS");
    }

    @Test
    void everyAlertHasAUnitTest() throws Exception {
        Set<String> alerts = matches(rules, "^\\s*- alert: (\\w+)");
        assertThat(alerts).contains("ArcaScheduleNoRecentSuccess", "ArcaBackupFailuresRising", "ArcaBackupLocationUnavailable");
        assertThat(matches(tests, "^\\s*alertname: (\\w+)")).isEqualTo(alerts);
    }

    @Test
    void aRuleThatNoLongerDoublesTheIntervalFailsTheUnitTests(@TempDir Path dir) throws Exception {
        String weakened = Files.readString(rules).replace("> 2 * max by (schedule)", "> 3 * max by (schedule)");
        assertThat(weakened).isNotEqualTo(Files.readString(rules));
        Files.writeString(dir.resolve("arca-rules.yaml"), weakened);
        Files.copy(tests, dir.resolve("arca-rules.test.yaml"));

        Run run = promtool("test", "rules", dir.resolve("arca-rules.test.yaml").toString());
        assertThat(run.exit()).isNotZero();
        assertThat(run.output()).contains("ArcaScheduleNoRecentSuccess");
    }
}
