package dev.arca.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a commit asks of the kernel, watched with strace in a child JVM: the data is fsynced before
 * the rename (or link) that publishes it, and the directories holding the new name after it. Skipped
 * where strace is not installed or not allowed.
 */
class FilesystemDurabilityTest {
    @TempDir
    Path dir;

    @Test
    void aCommitFsyncsTheFileBeforeTheRenameAndTheDirectoriesAfterIt() throws Exception {
        List<String> calls = traceOf("put");

        int data = indexOf(calls, "fsync(", "/backups/n/.arca-tmp-");
        int rename = indexOf(calls, "rename", "/backups/n/backup.json");
        assertThat(data).as("the temporary file is fsynced").isGreaterThanOrEqualTo(0);
        assertThat(rename).as("then renamed into place").isGreaterThan(data);
        assertThat(indexOf(calls.subList(rename, calls.size()), "fsync(", "/location/backups/n>"))
                .as("then its directory is fsynced").isGreaterThan(0);
        assertThat(indexOf(calls.subList(rename, calls.size()), "fsync(", "/location/backups>"))
                .as("and the directory the write created it in").isGreaterThan(0);
    }

    @Test
    void aCreateIfAbsentFsyncsTheFileBeforeTheLinkAndTheDirectoryAfterIt() throws Exception {
        List<String> calls = traceOf("create");

        int data = indexOf(calls, "fsync(", "/repository/.arca-tmp-");
        int link = indexOf(calls, "link", "/repository/keys.json");
        assertThat(data).isGreaterThanOrEqualTo(0);
        assertThat(link).isGreaterThan(data);
        assertThat(indexOf(calls.subList(link, calls.size()), "fsync(", "/location/repository>")).isGreaterThan(0);
    }

    /** The fsync, rename and link calls of a child JVM running {@link Child} with {@code operation}, with fds shown as paths. */
    private List<String> traceOf(String operation) throws IOException, InterruptedException {
        assumeTrue(onPath("strace"), "strace is not installed");
        Path trace = dir.resolve("trace");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder("strace", "-f", "-y", "-e", "trace=fsync,fdatasync,rename,renameat,renameat2,link,linkat",
                "-o", trace.toString(), java, "-cp", System.getProperty("java.class.path"), Child.class.getName(),
                dir.resolve("location").toString(), operation)
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the traced child ends").isTrue();
        assumeTrue(child.exitValue() == 0 && Files.exists(trace), () -> "strace could not trace here: " + readQuietly(dir.resolve("child.log")));
        return Files.readAllLines(trace, StandardCharsets.UTF_8);
    }

    private static int indexOf(List<String> calls, String call, String path) {
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).contains(call) && calls.get(i).contains(path)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, program)));
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** The traced program: one put, or one create-if-absent, in a fresh location. */
    public static final class Child {
        public static void main(String[] args) {
            FilesystemObjectStore store = new FilesystemObjectStore(Path.of(args[0]));
            if (args[1].equals("put")) {
                store.put("backups/n/backup.json", "{}".getBytes(StandardCharsets.UTF_8));
            } else {
                store.createIfAbsent("repository/keys.json", "{}".getBytes(StandardCharsets.UTF_8));
            }
        }
    }
}
