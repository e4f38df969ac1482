package dev.arca.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.fs.FilesystemObjectStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZstdJsonLinesTest {
    @TempDir
    Path dir;

    @Test
    void linesWrittenComeBackInOrderAndTheDigestMatchesTheStoredObject() {
        ObjectStore store = new FilesystemObjectStore(dir);
        String key = LocationLayout.restoreLogKey("r1");
        FileDigest digest;
        try (ZstdJsonLines.Writer log = ZstdJsonLines.create(store, key)) {
            log.write("{\"n\":1}");
            log.writeValue(Map.of("n", 2));
            log.write("{\"text\":\"" + "é".repeat(3) + "\"}");
            assertThat(log.lines()).isEqualTo(3);
            digest = log.commit();
        }

        List<String> lines = new ArrayList<>();
        ZstdJsonLines.forEachLine(store, key, lines::add);

        assertThat(lines).containsExactly("{\"n\":1}", "{\"n\":2}", "{\"text\":\"ééé\"}");
        assertThat(FileDigest.of(store.getBytes(key))).isEqualTo(digest);
    }

    @Test
    void closingWithoutCommitLeavesNothing() {
        ObjectStore store = new FilesystemObjectStore(dir);
        try (ZstdJsonLines.Writer log = ZstdJsonLines.create(store, "restores/r1/log.jsonl.zst")) {
            log.write("{}");
        }
        assertThat(store.list("")).isEmpty();
    }

    @Test
    void aLineThatWouldBreakTheFormatIsRefused() {
        ObjectStore store = new FilesystemObjectStore(dir);
        try (ZstdJsonLines.Writer log = ZstdJsonLines.create(store, "restores/r1/log.jsonl.zst")) {
            assertThatThrownBy(() -> log.write("{\"a\":\n1}")).isInstanceOf(ArcaException.InvalidInput.class);
            assertThatThrownBy(() -> log.write(" ")).isInstanceOf(ArcaException.InvalidInput.class);
            assertThat(log.lines()).isZero();
        }
    }

    @Test
    void aStoredObjectThatIsNotZstdIsCorrupt() {
        ObjectStore store = new FilesystemObjectStore(dir);
        store.put("restores/r1/log.jsonl.zst", "plain text".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> ZstdJsonLines.forEachLine(store, "restores/r1/log.jsonl.zst", line -> { }))
                .isInstanceOf(ArcaException.Corrupt.class)
                .hasMessageContaining("restores/r1/log.jsonl.zst");
    }

    @Test
    void aForgedLogWithOneEndlessLineIsCorruptInsteadOfFillingMemory() throws Exception {
        ObjectStore store = new FilesystemObjectStore(dir);
        String key = LocationLayout.restoreLogKey("forged");
        java.io.ByteArrayOutputStream compressed = new java.io.ByteArrayOutputStream();
        try (var zstd = new com.github.luben.zstd.ZstdOutputStream(compressed)) {
            zstd.write("{\"n\":1}\r\n".getBytes(StandardCharsets.UTF_8));
            byte[] block = new byte[1 << 16];
            java.util.Arrays.fill(block, (byte) 'x');
            for (int i = 0; i < 64; i++) { // 4 MiB on one line, a few hundred bytes compressed
                zstd.write(block);
            }
        }
        store.put(key, compressed.toByteArray());
        List<String> lines = new ArrayList<>();

        assertThatThrownBy(() -> ZstdJsonLines.forEachLine(store, key, lines::add))
                .isInstanceOf(ArcaException.Corrupt.class)
                .hasMessageContaining("longer than " + LogLines.MAX_LINE);
        assertThat(lines).as("lines before it are read, without their CR LF").containsExactly("{\"n\":1}");
    }
}
