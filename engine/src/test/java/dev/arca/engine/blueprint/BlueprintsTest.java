package dev.arca.engine.blueprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.ArcaException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Blueprint files: the built-in PostgreSQL one, user files that add or replace, and bad files named precisely. */
class BlueprintsTest {
    @TempDir
    Path dir;

    private static final String GOOD = """
            apiVersion: arca.dev/v1
            kind: Blueprint
            metadata: {name: files}
            parameters: {path: /data}
            actions:
              backup: {container: app, command: [sh, -c, 'tar -C "$ARCA_PATH" -cf - .'], timeout: 90s}
              restore: {command: [sh, -c, 'tar -C "$ARCA_PATH" -xf -']}
            """;

    @Test
    void theBuiltInPostgresqlBlueprintDumpsInCustomFormatAndRecreatesTheDatabase() {
        Blueprint pg = Blueprints.builtIn().find("postgresql").orElseThrow();
        assertThat(String.join(" ", pg.backup().command())).contains("pg_dump -Fc");
        assertThat(String.join(" ", pg.restore().command())).contains("pg_restore --create --clean --if-exists");
        assertThat(pg.parameters()).containsOnlyKeys("database");
        assertThat(pg.backup().timeout()).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void aUserFileAddsBlueprintsAndReplacesABuiltInOfTheSameName() throws Exception {
        Path file = write("mine.yaml", GOOD + "---\n" + GOOD.replace("name: files", "name: postgresql"));
        Blueprints all = Blueprints.builtInAnd(List.of(file));
        Blueprint files = all.find("files").orElseThrow();
        assertThat(files.backup().container()).isEqualTo("app");
        assertThat(files.backup().timeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(files.restore().timeout()).isEqualTo(BlueprintAction.DEFAULT_TIMEOUT);
        assertThat(files.values(Map.of("blueprint.arca.dev/path", "/srv"))).containsExactly(Map.entry("path", "/srv"));
        assertThat(files.values(Map.of())).containsExactly(Map.entry("path", "/data"));
        assertThat(all.find("postgresql").orElseThrow().backup().command().get(2)).contains("tar");
        assertThat(BlueprintBackupper.command(files.backup(), Map.of("path", "/srv")))
                .containsExactly("env", "ARCA_PATH=/srv", "sh", "-c", "tar -C \"$ARCA_PATH\" -cf - .");
    }

    @Test
    void aBlueprintRoundTripsThroughTheBackupRecord() throws Exception {
        ObjectMapper json = dev.arca.archive.ArchiveJson.mapper();
        Blueprint pg = Blueprints.builtIn().find("postgresql").orElseThrow();
        BlueprintAction back = json.readValue(json.writeValueAsBytes(pg.restore()), BlueprintAction.class);
        assertThat(back).isEqualTo(pg.restore());
    }

    @Test
    void aMissingCommandIsNamedWithFileDocumentAndField() throws Exception {
        Path file = write("bad.yaml", GOOD + "---\n" + GOOD.replace("restore: {command: [sh, -c, 'tar -C \"$ARCA_PATH\" -xf -']}",
                "restore: {container: app}").replace("name: files", "name: other"));
        assertThatThrownBy(() -> Blueprints.read(file)).isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("blueprint file " + file).hasMessageContaining("document 2")
                .hasMessageContaining("field actions.restore.command");
    }

    @Test
    void badFieldsAreRefusedWithTheirNames() throws Exception {
        assertRefused(GOOD.replace("timeout: 90s", "timeout: soon"), "field actions.backup.timeout", "soon");
        assertRefused(GOOD.replace("container: app", "containr: app"), "field actions.backup.containr", "not a blueprint field");
        assertRefused(GOOD.replace("arca.dev/v1", "arca.dev/v9"), "field apiVersion", "arca.dev/v1");
        assertRefused(GOOD.replace("metadata: {name: files}", "metadata: {}"), "field metadata.name", "missing");
        assertRefused(GOOD.replace("name: files", "name: Files_1"), "Files_1", "not a blueprint name");
        assertRefused(GOOD.replace("  restore: {command: [sh, -c, 'tar -C \"$ARCA_PATH\" -xf -']}\n", ""),
                "field actions.restore", "is missing");
        assertRefused(GOOD.replace("[sh, -c,", "[sh, {a: b},"), "field actions.backup.command[1]", "must be a string");
        assertRefused(GOOD + "---\n" + GOOD, "metadata.name", "defined twice");
        assertRefused("actions: [\n", "not valid YAML", "line");
        assertRefused("# nothing\n", "holds no blueprint", "docs/blueprints.md");
    }

    @Test
    void aFileThatDoesNotExistIsNamed() {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> Blueprints.read(missing)).isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("does not exist");
    }

    private void assertRefused(String yaml, String... parts) throws Exception {
        Path file = write("bad.yaml", yaml);
        assertThatThrownBy(() -> Blueprints.read(file)).as(yaml).isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining(file.toString()).hasMessageContainingAll(parts);
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }
}
