package dev.arca.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.api.BackupSpec;
import dev.arca.api.Phase;
import dev.arca.archive.ArchiveJson;
import dev.arca.archive.ArchiveWriter;
import dev.arca.archive.BackupManifest;
import dev.arca.archive.ItemKey;
import dev.arca.archive.LocationLayout;
import dev.arca.storage.fs.FilesystemObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Fills a location with many small, real backups cheaply: one backup of a single ConfigMap is
 * written with the archive module's {@link ArchiveWriter}, then its files are copied under each
 * new name with the manifest's {@code name} changed (the only field tied to the name; the file
 * digests stay right because the data files are byte-for-byte the same). The writer's claim is not
 * copied. {@code root} is the directory that holds the location's keys: a filesystem location's
 * directory, or the s3proxy filesystem backend's bucket directory, so the copies cost file writes,
 * not requests.
 */
final class BackupCopies {
    static final String TEMPLATE = "template";

    private BackupCopies() {
    }

    /** Writes {@code count} backups named {@code <prefix>-00000}... under {@code root}; returns their names. */
    static List<String> fill(Path root, Path scratch, String prefix, int count) {
        Path template = scratch.resolve("template-" + prefix);
        writeTemplate(template);
        Path from = template.resolve(LocationLayout.manifestKey(TEMPLATE)).getParent();
        List<String> names = IntStream.range(0, count).mapToObj(i -> String.format("%s-%05d", prefix, i)).toList();
        try (Stream<Path> walk = Files.list(from)) {
            List<Path> files = walk.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().equals(writerFile())).toList();
            Map<String, byte[]> content = new java.util.TreeMap<>();
            for (Path f : files) {
                content.put(f.getFileName().toString(), Files.readAllBytes(f));
            }
            names.parallelStream().forEach(name -> copy(root, name, content));
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the template backup from " + from, e);
        }
    }

    private static String writerFile() {
        String key = LocationLayout.writerKey(TEMPLATE);
        return key.substring(key.lastIndexOf('/') + 1);
    }

    private static void writeTemplate(Path location) {
        try (ArchiveWriter writer = ArchiveWriter.create(new FilesystemObjectStore(location), TEMPLATE)) {
            writer.add(ItemKey.namespaced("configmaps", "default", "app"),
                    "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"app\",\"namespace\":\"default\"},\"data\":{\"k\":\"v\"}}"
                            .getBytes(StandardCharsets.UTF_8));
            Instant started = Instant.now().minus(Duration.ofMinutes(5));
            writer.finish(BackupManifest.draft(TEMPLATE, BackupSpec.everything(), started).withPhase(Phase.Completed)
                    .withCompleted(started.plusSeconds(1)).withExpires(started.plus(BackupSpec.DEFAULT_TTL))
                    .withClusterVersion("v1.20.2"));
        }
    }

    private static void copy(Path root, String name, Map<String, byte[]> content) {
        Path dir = root.resolve(LocationLayout.manifestKey(name)).getParent();
        String manifestFile = Path.of(LocationLayout.manifestKey(name)).getFileName().toString();
        try {
            Files.createDirectories(dir);
            for (var e : content.entrySet()) {
                if (!e.getKey().equals(manifestFile)) {
                    Files.write(dir.resolve(e.getKey()), e.getValue());
                }
            }
            ObjectNode manifest = (ObjectNode) ArchiveJson.mapper().readTree(content.get(manifestFile));
            manifest.put("name", name);
            Files.write(dir.resolve(manifestFile), ArchiveJson.mapper().writeValueAsBytes(manifest)); // last, as the writer does
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write backup " + name + " under " + dir, e);
        }
    }
}
