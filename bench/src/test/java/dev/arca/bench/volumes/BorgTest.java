package dev.arca.bench.volumes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.testkit.files.FileTrees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BorgTest {
    /** What borg 1.2.4 printed for {@code borg create --json} (pretty-printed over many lines), shortened. */
    private static final String CREATE_JSON = """
            {
                "archive": {
                    "duration": 0.041414,
                    "id": "00c75367d422a950ee8f0d19574d1b94d0f0025f907e754d8885b78e3e23e6a8",
                    "name": "r1-borg-initial",
                    "stats": {
                        "compressed_size": 3145728,
                        "deduplicated_size": 1048576,
                        "nfiles": 27774,
                        "original_size": 10485760
                    }
                },
                "encryption": {
                    "mode": "repokey-blake2"
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void backsUpTheSourceAsDotFromInsideItWithZstdLevelOneAndItsHomeInTheRound() {
        Borg borg = new Borg(dir.resolve("borg-repo"), dir.resolve("borg-home"), dir, Duration.ofMinutes(1));
        String repo = dir.resolve("borg-repo").toString();

        assertThat(borg.initCommand()).containsExactly("borg", "init", "--encryption=repokey-blake2", repo);
        assertThat(borg.createCommand("r1-borg-initial"))
                .containsExactly("borg", "create", "--json", "--compression", "auto,zstd,1", repo + "::r1-borg-initial", ".");
        assertThat(borg.extractCommand("r1-borg-incremental")).containsExactly("borg", "extract", repo + "::r1-borg-incremental");
        assertThat(Borg.environment(dir.resolve("borg-home"))).containsEntry("BORG_BASE_DIR", dir.resolve("borg-home").toString())
                .containsEntry("BORG_PASSPHRASE", Borg.PASSPHRASE);
        assertThat(borg.restoredRoot(dir.resolve("target"), dir.resolve("data"))).isEqualTo(dir.resolve("target"));
        assertThatThrownBy(() -> borg.restore("r1-borg-restore", dir.resolve("target")))
                .hasMessage("borg restore before any backup");
    }

    @Test
    void describesABackupFromItsJsonDocument() throws Exception {
        Borg borg = new Borg(dir.resolve("borg-repo"), dir.resolve("borg-home"), dir, Duration.ofMinutes(1));

        assertThat(borg.describe(run(CREATE_JSON))).isEqualTo("archive r1-borg-initial: 27774 files; 10.0 MiB in the tree,"
                + " 3.0 MiB compressed, 1.0 MiB added (borg's own duration 0.04 s)");
        assertThat(borg.describe(run("borg: some progress\n"))).startsWith("(no JSON summary in ");
    }

    /** borg itself, when installed (bench/volumes installs it): the restore lands at the target's root. */
    @Test
    void aRealBorgRestoresTheTreeAtTheTargetRoot() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/borg")), "borg is not installed (apt-get install borgbackup)");
        Path data = dir.resolve("data");
        Files.createDirectories(data.resolve("a/b"));
        Files.writeString(data.resolve("a/b/f.txt"), "hello");
        Files.writeString(data.resolve("top.json"), "{}");
        Path logs = dir.resolve("logs");
        Files.createDirectories(logs);
        Borg borg = new Borg(dir.resolve("borg-repo"), dir.resolve("borg-home"), logs, Duration.ofMinutes(2));
        borg.init();

        Proc.Run backup = borg.backup("initial", data);
        assertThat(backup.ok()).as(backup.tail(10)).isTrue();
        assertThat(borg.describe(backup)).startsWith("archive initial: 2 files;");
        Proc.Run restore = borg.restore("restore", dir.resolve("target"));
        assertThat(restore.ok()).as(restore.tail(10)).isTrue();

        assertThat(FileTrees.describe(borg.restoredRoot(dir.resolve("target"), data))).isEqualTo(FileTrees.describe(data));
        assertThat(dir.resolve("borg-home/.cache/borg")).isDirectory();
    }

    private Proc.Run run(String stdout) throws Exception {
        Path out = Files.writeString(dir.resolve("out-" + System.nanoTime()), stdout);
        return new Proc.Run("r1-borg-initial", List.of("borg"), 0, false, Duration.ofSeconds(1), 1000, out, out);
    }
}
