package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MobilityCommandTest {
    @TempDir
    Path home;

    @Test
    void migrateWithoutATargetIsInvalidInputNamingTheFlags() {
        Cli.Result r = new Cli(home, null).run("migrate", "--from-context", "a", "--include-namespaces", "shop");

        assertThat(r.code()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).contains("migrate needs a target: --to-context");
    }

    @Test
    void cloneNeedsTheNamespaceAndItsCopysName() {
        Cli.Result r = new Cli(home, null).run("clone", "--namespace", "shop");

        assertThat(r.code()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).contains("--to");
    }

    @Test
    void migrateDocumentsItsExitCodes() {
        Cli.Result r = new Cli(home, null).run("migrate", "--help");

        assertThat(r.out().replaceAll("\\s+", " ")).contains("5 the pre-flight found objects the target cannot take");
        assertThat(ExitCode.PREFLIGHT_BLOCKED).isEqualTo(5);
    }
}
