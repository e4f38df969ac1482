package dev.arca.bench.volumes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.testkit.files.FileTrees;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code VolumeTool serve}: one long-lived JVM runs backups and restores read from its input, a JSON line each. */
class VolumeToolTest {
    @TempDir
    Path dir;

    @Test
    void servesABackupAndARestoreOfItOneLineEachWithItsOwnWallTime() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data.resolve("a"));
        Files.writeString(data.resolve("a/one.txt"), "one ".repeat(5000));
        Files.write(data.resolve("two.bin"), new byte[70_000]);
        Path location = dir.resolve("location");

        List<JsonNode> first = serve("backup\t" + location + "\t" + data + "\tbench/data\tinitial\n");
        assertThat(first).hasSize(1);
        assertThat(first.get(0).path("ok").asBoolean()).as(first.get(0).toString()).isTrue();
        assertThat(first.get(0).path("seconds").asDouble()).isPositive();
        String id = first.get(0).path("summary").path("id").asText();
        assertThat(id).isNotEmpty();

        List<JsonNode> next = serve("not-a-command\tx\n\nrestore\t" + location + "\t" + id + "\t" + dir.resolve("target") + "\n");
        assertThat(next).hasSize(2);
        assertThat(next.get(0).path("ok").asBoolean()).isFalse();
        assertThat(next.get(0).path("error").asText()).startsWith("not a command: not-a-command x; usage: VolumeTool backup");
        assertThat(next.get(1).path("ok").asBoolean()).as(next.get(1).toString()).isTrue();
        assertThat(FileTrees.describe(dir.resolve("target"))).isEqualTo(FileTrees.describe(data));
    }

    @Test
    void aFailedCommandIsAResultLineAndTheServerGoesOn() throws Exception {
        List<JsonNode> results = serve("restore\t" + dir.resolve("empty") + "\tno-such-snapshot\t" + dir.resolve("t") + "\n");

        assertThat(results).hasSize(1);
        assertThat(results.get(0).path("ok").asBoolean()).isFalse();
        assertThat(results.get(0).path("error").asText()).startsWith("restore of snapshot no-such-snapshot from " + dir.resolve("empty"));
    }

    private static List<JsonNode> serve(String input) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        VolumeTool.serve(new BufferedReader(new StringReader(input)), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        ObjectMapper json = new ObjectMapper();
        return out.toString(StandardCharsets.UTF_8).lines().map(l -> {
            try {
                return json.readTree(l);
            } catch (Exception e) {
                throw new AssertionError("not a JSON line: " + l, e);
            }
        }).toList();
    }
}
