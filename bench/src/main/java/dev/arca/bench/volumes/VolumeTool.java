package dev.arca.bench.volumes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.arca.repository.Repository;
import dev.arca.storage.fs.FilesystemObjectStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One repository operation in its own JVM, for {@code bench/volumes} (which times the process
 * and reads its peak RSS like restic's):
 * <pre>
 *   VolumeTool backup  LOCATION_DIR SOURCE_DIR VOLUME BACKUP   # prints the SnapshotSummary as one JSON line
 *   VolumeTool restore LOCATION_DIR SNAPSHOT_ID TARGET_DIR     # prints the RestoreSummary as one JSON line
 * </pre>
 * Exits 0 when done, 1 when the operation failed (the exception on stderr), 2 for bad arguments.
 */
public final class VolumeTool {
    static final String USAGE = """
            usage: VolumeTool backup LOCATION_DIR SOURCE_DIR VOLUME BACKUP
                   VolumeTool restore LOCATION_DIR SNAPSHOT_ID TARGET_DIR
            """;

    private VolumeTool() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.size() != (args.isEmpty() ? -1 : args.get(0).equals("backup") ? 5 : 4)
                || !List.of("backup", "restore").contains(args.get(0))) {
            err.print(USAGE);
            return 2;
        }
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        Path location = Path.of(args.get(1)).toAbsolutePath();
        String what = args.get(0).equals("backup") ? "backup of " + args.get(2) + " into " + location
                : "restore of snapshot " + args.get(2) + " from " + location + " into " + args.get(3);
        try (FilesystemObjectStore store = new FilesystemObjectStore(location);
             Repository repository = Repository.open(store)) {
            Object summary = args.get(0).equals("backup")
                    ? repository.backup(Path.of(args.get(2)).toAbsolutePath(), args.get(3), args.get(4), Map.of("bench", "volumes"))
                    : repository.restore(args.get(2), Path.of(args.get(3)).toAbsolutePath());
            out.println(json.writeValueAsString(summary));
            return 0;
        } catch (Exception e) {
            err.println("arca-volume: " + what + " failed: " + e);
            e.printStackTrace(err);
            return 1;
        }
    }
}
