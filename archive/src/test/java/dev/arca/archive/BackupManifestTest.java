package dev.arca.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.api.ArcaException;
import dev.arca.api.BackupSpec;
import dev.arca.api.Outcome;
import dev.arca.api.Phase;
import dev.arca.api.Problem;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackupManifestTest {
    private static final FileDigest DIGEST = new FileDigest("ab".repeat(32), 42);

    @Test
    void survivesAJsonRoundTripWithIsoDates() throws Exception {
        BackupSpec spec = new BackupSpec(List.of("shop"), null, null, null, null, "app=web", null, null, Duration.ofHours(72));
        BackupManifest manifest = BackupManifest.draft("nightly", spec, TestBackups.STARTED)
                .withPhase(Phase.PartiallyFailed)
                .withCompleted(TestBackups.STARTED.plusSeconds(30))
                .withExpires(TestBackups.STARTED.plus(Duration.ofHours(72)))
                .withOutcome(new Outcome(List.of(), List.of(new Problem("shop", "pods", "web-1", "forbidden"))))
                .withCounts(Map.of("pods", 3L, "configmaps", 2L), 5)
                .withFiles(Map.of("resources.tar.zst", DIGEST));

        byte[] json = ArchiveWriter.manifestBytes(manifest);
        JsonNode tree = ArchiveJson.mapper().readTree(json);

        assertThat(ArchiveJson.mapper().readValue(json, BackupManifest.class)).isEqualTo(manifest);
        assertThat(tree.get("started").asText()).isEqualTo("2026-11-23T10:15:30Z");
        assertThat(tree.get("spec").get("ttl").asText()).isEqualTo("PT72H");
        assertThat(tree.has("clusterVersion")).isFalse();
        assertThat(tree.get("counts").fieldNames()).toIterable().containsExactly("configmaps", "pods");
    }

    @Test
    void unknownPropertiesFromANewerArcaAreIgnored() throws Exception {
        String json = "{\"formatVersion\":1,\"name\":\"n\",\"spec\":{},\"phase\":\"Completed\",\"itemCount\":0,"
                + "\"somethingNew\":{\"x\":1}}";

        BackupManifest manifest = ArchiveJson.mapper().readValue(json, BackupManifest.class);

        assertThat(manifest.phase()).isEqualTo(Phase.Completed);
        assertThat(manifest.counts()).isEmpty();
        assertThat(manifest.outcome()).isEqualTo(Outcome.EMPTY);
    }

    @Test
    void invalidFieldsAreRefused() {
        BackupManifest ok = TestBackups.completed("nightly");

        assertThatThrownBy(() -> ok.withFormatVersion(0)).isInstanceOf(ArcaException.InvalidInput.class);
        assertThatThrownBy(() -> ok.withPhase(null)).isInstanceOf(ArcaException.InvalidInput.class);
        assertThatThrownBy(() -> ok.withCounts(Map.of("pods", -1L), 0)).isInstanceOf(ArcaException.InvalidInput.class);
        assertThatThrownBy(() -> ok.withFiles(Map.of("../backup.json", DIGEST))).isInstanceOf(ArcaException.InvalidInput.class);
        assertThatThrownBy(() -> BackupManifest.draft("Not/A/Name", BackupSpec.everything(), null))
                .isInstanceOf(ArcaException.InvalidInput.class);
        assertThatThrownBy(() -> new FileDigest("xyz", 1)).isInstanceOf(ArcaException.InvalidInput.class);
    }

    @Test
    void countsAndFilesAreSortedAndUnmodifiable() {
        BackupManifest manifest = TestBackups.completed("n").withCounts(Map.of("b", 1L, "a", 2L, "c", 3L), 6);

        assertThat(manifest.counts().keySet()).containsExactly("a", "b", "c");
        assertThatThrownBy(() -> manifest.counts().put("d", 1L)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void expiryIsComparedWithTheGivenInstant() {
        Instant expires = TestBackups.STARTED.plusSeconds(60);
        BackupManifest manifest = TestBackups.completed("n").withExpires(expires);

        assertThat(manifest.isExpired(expires.minusSeconds(1))).isFalse();
        assertThat(manifest.isExpired(expires)).isTrue();
        assertThat(TestBackups.completed("n").isExpired(Instant.MAX)).isFalse();
    }

    @Test
    void digestMismatchesAreExplained() {
        assertThat(DIGEST.mismatch(DIGEST)).isNull();
        assertThat(DIGEST.mismatch(new FileDigest("ab".repeat(32), 40))).isEqualTo("truncated: 40 of 42 bytes");
        assertThat(DIGEST.mismatch(new FileDigest("cd".repeat(32), 42))).isEqualTo("sha256 mismatch");
        assertThat(FileDigest.of(new byte[0]).sha256())
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }
}
