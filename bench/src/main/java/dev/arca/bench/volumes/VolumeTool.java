package dev.arca.bench.volumes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.google.crypto.tink.StreamingAead;
import dev.arca.repository.Repository;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.crypto.EncryptedObjectStore;
import dev.arca.storage.crypto.LocationKeys;
import dev.arca.storage.fs.FilesystemObjectStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Repository operations for {@code bench/volumes}, either one per JVM (which the benchmark times
 * as a process and whose peak RSS it reads, like restic's) or many in one long-lived JVM:
 * <pre>
 *   VolumeTool backup  LOCATION_DIR SOURCE_DIR VOLUME BACKUP   # prints the SnapshotSummary as one JSON line
 *   VolumeTool restore LOCATION_DIR SNAPSHOT_ID TARGET_DIR     # prints the RestoreSummary as one JSON line
 *   VolumeTool serve                                           # one command a line on stdin, fields tab-separated
 *   VolumeTool train DIR                                       # a backup and a restore of a small tree made in DIR
 * </pre>
 * {@code serve} models the in-cluster server (no JVM start, code already compiled by earlier
 * work): it reads {@code backup} and {@code restore} lines with the arguments above, separated
 * by tabs, runs each as a one-off run would (the repository opened and closed around it), and
 * prints one JSON line per command: {@code {"ok":true,"seconds":S,"summary":{...}}} or
 * {@code {"ok":false,"seconds":S,"error":"..."}}, S being the wall time it measured itself. It
 * ends at the end of its input. Exits 0 when done, 1 when a one-off operation failed (the
 * exception on stderr), 2 for bad arguments.
 */
public final class VolumeTool {
    static final String USAGE = """
            usage: VolumeTool backup LOCATION_DIR SOURCE_DIR VOLUME BACKUP
                   VolumeTool restore LOCATION_DIR SNAPSHOT_ID TARGET_DIR
                   VolumeTool serve     (then those commands on stdin, one a line, fields separated by tabs)
                   VolumeTool train DIR (the class archive's training run: a backup and a restore of a small tree)
            """;
    /** The system property {@code bench/volumes --encrypted} sets: the location is encrypted with {@link #PASSPHRASE}. */
    static final String ENCRYPTED = "arca.bench.encrypted";
    private static final String PASSPHRASE = "bench passphrase of the volume location";
    /** The keys of the locations this JVM opened: one entry per location in a CLI run, a few in {@code serve}. */
    private static final Map<Path, StreamingAead> KEYS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private VolumeTool() {
    }

    public static void main(String[] args) {
        if (args.length == 2 && args[0].equals("train")) {
            System.exit(train(Path.of(args[1]).toAbsolutePath(), System.err));
        }
        if (args.length == 1 && args[0].equals("serve")) {
            serve(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), System.out, System.err);
            System.exit(0);
        }
        System.exit(run(List.of(args), System.out, System.err));
    }

    /** Whether {@code args} is a backup (5 arguments) or restore (4) command. */
    static boolean valid(List<String> args) {
        return !args.isEmpty() && (args.get(0).equals("backup") && args.size() == 5 || args.get(0).equals("restore") && args.size() == 4);
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (!valid(args)) {
            err.print(USAGE);
            return 2;
        }
        try {
            out.println(JSON.writeValueAsString(operate(args)));
            return 0;
        } catch (Exception e) {
            err.println("arca-volume: " + what(args) + " failed: " + e);
            e.printStackTrace(err);
            return 1;
        }
    }

    /** Runs each line of {@code in} as a command and prints its result line, until the input ends. */
    static void serve(BufferedReader in, PrintStream out, PrintStream err) {
        try {
            for (String line; (line = in.readLine()) != null; ) {
                if (!line.isBlank()) {
                    out.println(JSON.writeValueAsString(serveOne(List.of(line.split("\t", -1)), err)));
                    out.flush();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("VolumeTool serve: cannot read its commands or write a result: " + e.getMessage(), e);
        }
    }

    static ObjectNode serveOne(List<String> args, PrintStream err) {
        ObjectNode result = JSON.createObjectNode();
        if (!valid(args)) {
            return result.put("ok", false).put("seconds", 0.0)
                    .put("error", "not a command: " + String.join(" ", args) + "; " + USAGE.strip().replace('\n', ' '));
        }
        long began = System.nanoTime();
        try {
            Object summary = operate(args);
            result.put("ok", true).put("seconds", (System.nanoTime() - began) / 1e9).set("summary", JSON.valueToTree(summary));
        } catch (Exception e) {
            err.println("arca-volume: " + what(args) + " failed: " + e);
            e.printStackTrace(err);
            result.put("ok", false).put("seconds", (System.nanoTime() - began) / 1e9)
                    .put("error", what(args) + " failed: " + e);
        }
        return result;
    }

    /**
     * The training run of {@link ClassArchive}: generates a small tree in {@code dir} (emptied first), backs it up,
     * backs it up again (the incremental path) and restores it, so the JVM loads what the benchmark's operations load.
     */
    static int train(Path dir, PrintStream err) {
        try {
            Trees.delete(dir);
            Path data = dir.resolve("data");
            DataSet.generate(data, 8L << 20, 7, 1);
            String location = dir.resolve("location").toString();
            operate(List.of("backup", location, data.toString(), "train", "b1"));
            Object again = operate(List.of("backup", location, data.toString(), "train", "b2"));
            String id = JSON.valueToTree(again).path("id").asText();
            operate(List.of("restore", location, id, dir.resolve("restored").toString()));
            return 0;
        } catch (Exception e) {
            err.println("arca-volume: the training run in " + dir + " failed: " + e);
            e.printStackTrace(err);
            return 1;
        }
    }

    private static Object operate(List<String> args) throws Exception {
        Path location = Path.of(args.get(1)).toAbsolutePath();
        try (FilesystemObjectStore store = new FilesystemObjectStore(location);
             Repository repository = Repository.open(Boolean.getBoolean(ENCRYPTED) ? encrypted(store, location) : store)) {
            return args.get(0).equals("backup")
                    ? repository.backup(Path.of(args.get(2)).toAbsolutePath(), args.get(3), args.get(4), Map.of("bench", "volumes"))
                    : repository.restore(args.get(2), Path.of(args.get(3)).toAbsolutePath());
        }
    }

    /**
     * The location encrypted with a passphrase, as 'arca location add --encryption passphrase' makes one: its key file
     * is unwrapped with scrypt at the default cost on every open, as a CLI run does, except that a long-lived JVM
     * ({@code serve}) keeps the keys it made or unwrapped, as the server keeps them (its LocationKeyCache; the server
     * never makes a location's keys, 'arca location add' or 'arca install' does, before it runs).
     */
    private static ObjectStore encrypted(FilesystemObjectStore raw, Path location) {
        StreamingAead keys = KEYS.computeIfAbsent(location, l -> LocationKeys.openOrCreate(raw, "bench",
                PASSPHRASE.toCharArray(), LocationKeys.Kdf.DEFAULT, Clock.systemUTC()));
        return new EncryptedObjectStore(raw, keys);
    }

    private static String what(List<String> args) {
        return args.get(0).equals("backup") ? "backup of " + args.get(2) + " into " + Path.of(args.get(1)).toAbsolutePath()
                : "restore of snapshot " + args.get(2) + " from " + Path.of(args.get(1)).toAbsolutePath() + " into " + args.get(3);
    }
}
