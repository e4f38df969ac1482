package dev.arca.bench.volumes;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The class-data archive of the arca JVMs, as {@code bin/arca} makes one for the CLI (docs/performance.md,
 * "Class-data sharing"): a training run ({@code VolumeTool train}: a backup and a restore of a small
 * generated tree) records the classes it loads, and every later arca JVM of the benchmark maps them
 * instead of loading them, so the figures are those of a CLI run. Made once per benchmark run, in its
 * work directory; without it (the training run failed) the JVMs load classes as usual and the run says so.
 */
final class ClassArchive {
    private ClassArchive() {
    }

    /**
     * Makes the archive for JVMs started as {@code jvm} starts them, or returns null (and says why on
     * {@code err}) when the training run fails.
     */
    static Path make(Arca.Jvm jvm, Path work, PrintStream err) {
        Path dir = work.resolve("class-archive");
        Path archive = dir.resolve("volume-tool.jsa");
        DataSet.mkdirs(dir);
        List<String> command = new ArrayList<>(jvm.withoutArchive().command(VolumeTool.class.getName()));
        int main = command.size() - 1;
        command.add(main - 2, "-XX:ArchiveClassesAtExit=" + archive);
        command.add("train");
        command.add(dir.resolve("tree").toString());
        long began = System.nanoTime();
        Proc.Run run = Proc.run("class-archive", command, Map.of(), dir, Duration.ofMinutes(10));
        if (!run.ok() || !Files.isRegularFile(archive)) {
            err.println("bench: arca JVMs run without a class-data archive (the training run failed: " + run.tail(5)
                    + "); their start costs more than bin/arca's");
            return null;
        }
        err.printf("bench: arca JVMs map a class-data archive as bin/arca does (%s, made by a training run in %.1f s)%n",
                archive, (System.nanoTime() - began) / 1e9);
        return archive;
    }

    /** The options that map {@code archive} quietly (a refused archive only makes the start slower). */
    static List<String> options(Path archive) {
        return archive == null ? List.of()
                : List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    }
}
