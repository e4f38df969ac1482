package dev.arca.repository.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.repository.content.ChunkId;
import dev.arca.repository.content.ChunkLocation;
import dev.arca.repository.content.Indexes;
import dev.arca.repository.content.PackOptions;
import dev.arca.repository.content.PackedContentStore;
import dev.arca.repository.content.RepositoryKeys;
import dev.arca.repository.content.RepositoryLayout;
import dev.arca.storage.fs.FilesystemObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifierTest {
    @TempDir
    Path dir;
    final RepositoryKeys keys = RepositoryKeys.generate();
    FilesystemObjectStore fs;
    final Map<ChunkId, ChunkLocation> locations = new HashMap<>();

    @BeforeEach
    void fill() {
        fs = new FilesystemObjectStore(dir);
        List<ChunkId> ids = new ArrayList<>();
        try (PackedContentStore store = PackedContentStore.open(keys, fs, PackOptions.defaults().withPackSize(8192))) {
            Random random = new Random(5);
            for (int i = 0; i < 200; i++) {
                byte[] d = new byte[300 + random.nextInt(1500)];
                random.nextBytes(d);
                ids.add(store.put(d, 0, d.length));
            }
            store.flush();
            ids.forEach(id -> locations.put(id, store.location(id)));
        }
    }

    Verifier verifier() {
        return new Verifier(keys, fs, 2);
    }

    @Test
    void aSoundRepositoryVerifiesAndTheFractionSetsHowManyChunksAreRead() {
        VerifyReport all = verifier().verify(1.0);
        assertThat(all.ok()).isTrue();
        assertThat(all.chunks()).isEqualTo(200);
        assertThat(all.chunksRead()).isEqualTo(200);
        assertThat(all.packs()).isEqualTo(all.indexFiles()).isGreaterThan(5);
        assertThat(verifier().verify(0).chunksRead()).isZero();
        assertThat(verifier().verify(0.5, 42).chunksRead()).isBetween(60L, 140L)
                .isEqualTo(verifier().verify(0.5, 42).chunksRead());
    }

    @Test
    void aTamperedByteIsFoundAndTheChunkNamed() throws Exception {
        Map.Entry<ChunkId, ChunkLocation> victim = locations.entrySet().iterator().next();
        ChunkLocation loc = victim.getValue();
        Path pack = dir.resolve(RepositoryLayout.packKey(loc.pack()));
        byte[] bytes = Files.readAllBytes(pack);
        bytes[loc.offset() + loc.length() / 2] ^= 1;
        Files.write(pack, bytes);

        for (double fraction : new double[] {1.0, 0.4}) { // whole-pack and ranged reads
            VerifyReport report = verifier().verify(fraction, 0);
            if (fraction == 1.0 || Verifier.sampled(victim.getKey(), fraction, 0)) {
                assertThat(report.problems()).singleElement().satisfies(p -> {
                    assertThat(p.kind()).isEqualTo(VerifyReport.Kind.CORRUPT_CHUNK);
                    assertThat(p.chunk()).isEqualTo(victim.getKey());
                    assertThat(p.message()).contains(victim.getKey().toString()).contains(loc.pack());
                });
            }
        }
    }

    @Test
    void verifyingTheChunksOfOneSnapshotReadsEachOfThemAndOnlyThemAndFindsATamperedOneOrOneInNoIndex() throws Exception {
        List<Map.Entry<ChunkId, ChunkLocation>> all = new ArrayList<>(locations.entrySet());
        java.util.Set<ChunkId> mine = new java.util.HashSet<>();
        all.subList(0, 10).forEach(e -> mine.add(e.getKey()));
        Map.Entry<ChunkId, ChunkLocation> other = all.get(50); // not one of mine: damage to it is not this snapshot's
        Path otherPack = dir.resolve(RepositoryLayout.packKey(other.getValue().pack()));
        boolean shared = all.subList(0, 10).stream().anyMatch(e -> e.getValue().pack().equals(other.getValue().pack()));
        byte[] bytes = Files.readAllBytes(otherPack);
        bytes[other.getValue().offset() + other.getValue().length() / 2] ^= 1;
        Files.write(otherPack, bytes);

        VerifyReport sound = verifier().verifyChunks(mine);
        assertThat(sound.chunks()).isEqualTo(10);
        assertThat(sound.chunksRead()).isEqualTo(10);
        assertThat(sound.ok()).as("the tampered chunk belongs to another snapshot (same pack: %s)", shared).isTrue();

        Map.Entry<ChunkId, ChunkLocation> victim = all.get(3);
        Path pack = dir.resolve(RepositoryLayout.packKey(victim.getValue().pack()));
        bytes = Files.readAllBytes(pack);
        bytes[victim.getValue().offset() + victim.getValue().length() / 2] ^= 1;
        Files.write(pack, bytes);
        ChunkId unknown = ChunkId.of(new byte[32]);
        mine.add(unknown);

        VerifyReport damaged = verifier().verifyChunks(mine);
        assertThat(damaged.problems()).extracting(VerifyReport.Problem::kind, VerifyReport.Problem::chunk).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(VerifyReport.Kind.CORRUPT_CHUNK, victim.getKey()),
                org.assertj.core.groups.Tuple.tuple(VerifyReport.Kind.MISSING_CHUNK, unknown));
    }

    @Test
    void aMissingPackIsFoundWithEveryChunkItHeld() {
        String pack = locations.values().iterator().next().pack();
        fs.delete(RepositoryLayout.packKey(pack));
        List<ChunkId> lost = locations.entrySet().stream().filter(e -> e.getValue().pack().equals(pack)).map(Map.Entry::getKey).toList();

        VerifyReport report = verifier().verify(1.0);
        assertThat(report.problems()).allSatisfy(p -> assertThat(p.kind()).isEqualTo(VerifyReport.Kind.MISSING_PACK));
        assertThat(report.problems()).extracting(VerifyReport.Problem::chunk).containsExactlyInAnyOrderElementsOf(lost);
    }

    @Test
    void aDamagedIndexAndATruncatedPackAreFound() {
        String index = Indexes.list(fs).get(0);
        byte[] sealed = fs.getBytes(index);
        sealed[sealed.length - 1] ^= 1;
        fs.put(index, sealed);
        ChunkLocation someLoc = locations.values().stream().filter(l -> l.offset() > 0).findFirst().orElseThrow();
        String key = RepositoryLayout.packKey(someLoc.pack());
        byte[] pack = fs.getBytes(key);
        fs.put(key, java.util.Arrays.copyOf(pack, someLoc.offset() + 1));

        VerifyReport report = verifier().verify(1.0);
        assertThat(report.problems()).extracting(VerifyReport.Problem::kind)
                .contains(VerifyReport.Kind.UNREADABLE_INDEX)
                .containsAnyOf(VerifyReport.Kind.OUT_OF_RANGE, VerifyReport.Kind.UNINDEXED_PACK);
        assertThat(report.problems()).filteredOn(p -> p.kind() == VerifyReport.Kind.UNREADABLE_INDEX)
                .singleElement().satisfies(p -> assertThat(p.object()).isEqualTo(index));
    }
}
