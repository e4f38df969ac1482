package dev.arca.engine.volume;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.api.ArcaException;
import dev.arca.api.Problem;
import dev.arca.engine.ProgressListener;
import dev.arca.engine.RunLog;
import dev.arca.repository.SnapshotSummary;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An archive must not make a restore write over a live volume or the host. */
class VolumeRestorerTest {
    private static final SnapshotSummary SNAPSHOT = new SnapshotSummary("s1", "shop/data", "b1", Instant.EPOCH, null, 1, 1, 0, 5, 5, 5, 40,
            List.of(), List.of());
    private static final VolumeBackup DATA = new VolumeBackup("shop", "data", "pv-1", null, List.of("web/data"),
            VolumeBackup.Status.BackedUp, null, "x", SNAPSHOT);
    private static final String REACHED = "reached the repository";

    @TempDir
    Path dir;
    final FakeCluster cluster = FakeCluster.of(name -> null);
    final List<Problem> errors = new ArrayList<>();
    final List<Problem> warnings = new ArrayList<>();

    private static PersistentVolume hostPath(String name, Path path, String claim, Map<String, String> annotations) {
        return new PersistentVolumeBuilder().withNewMetadata().withName(name).withAnnotations(annotations).endMetadata().withNewSpec()
                .withNewClaimRef().withNamespace("shop").withName(claim).endClaimRef()
                .withNewHostPath().withPath(path.toString()).endHostPath().endSpec().build();
    }

    private List<VolumeRestore> restore(RestoreTargets targets, Set<String> created, Set<String> owned) {
        VolumeRestorer restorer = new VolumeRestorer(cluster, () -> {
            throw new ArcaException(REACHED);
        }, List.of(new LocalPathVolumeSource()), targets, new RunLog(line -> { }, org.slf4j.LoggerFactory.getLogger("t"),
                Clock.systemUTC()), ProgressListener.NONE);
        return restorer.restore(List.of(DATA), ns -> ns, pv -> pv, new VolumeRestorer.Handled(created, Set.of("shop/data"), owned),
                (error, p) -> (error ? errors : warnings).add(p));
    }

    private String onlyError() {
        assertThat(errors).hasSize(1);
        return errors.get(0).message();
    }

    @Test
    void aLivePvTheRestoreDidNotCreateIsNeverWritten() {
        Path live = dir.resolve("live");
        cluster.volumes.put("pv-1", hostPath("pv-1", live, "data", Map.of()));

        List<VolumeRestore> results = restore(RestoreTargets.anywhereButTheSystem(), Set.of("shop/data"), Set.of());

        assertThat(results).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(VolumeRestore.Status.Failed));
        assertThat(onlyError()).contains("PersistentVolume pv-1 existed before this restore").doesNotContain(REACHED);
        assertThat(live).doesNotExist();
    }

    @Test
    void aPvBoundToAnotherClaimIsNeverWritten() {
        cluster.volumes.put("pv-1", hostPath("pv-1", dir.resolve("x"), "other", Map.of()));

        restore(RestoreTargets.anywhereButTheSystem(), Set.of("shop/data"), Set.of("pv-1"));

        assertThat(onlyError()).contains("is not bound to the restored claim shop/data but to shop/other");
    }

    @Test
    void aHostPathInASystemDirectoryIsRefusedBeforeAnythingIsCreatedThere() {
        Path etc = Path.of("/etc/arca-restore-test-" + ProcessHandle.current().pid());
        cluster.volumes.put("pv-1", hostPath("pv-1", etc, "data", Map.of()));

        restore(RestoreTargets.anywhereButTheSystem(), Set.of("shop/data"), Set.of("pv-1"));

        assertThat(onlyError()).contains("points at " + etc + ", a system directory");
        assertThat(etc).doesNotExist();
    }

    @Test
    void withConfiguredRootsAPathOutsideThemOrALinkLeavingThemIsRefused() throws Exception {
        Path allowed = Files.createDirectories(dir.resolve("allowed"));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.createSymbolicLink(allowed.resolve("link"), outside);
        RestoreTargets targets = new RestoreTargets(List.of(allowed));

        cluster.volumes.put("pv-1", hostPath("pv-1", outside.resolve("data"), "data", Map.of()));
        restore(targets, Set.of("shop/data"), Set.of("pv-1"));
        assertThat(onlyError()).contains("outside the allowed directories");

        errors.clear();
        cluster.volumes.put("pv-1", hostPath("pv-1", allowed.resolve("link/data"), "data", Map.of()));
        restore(targets, Set.of("shop/data"), Set.of("pv-1"));
        assertThat(onlyError()).contains("(" + outside.toRealPath().resolve("data") + ")").contains("outside the allowed directories");
        assertThat(outside.resolve("data")).doesNotExist();

        errors.clear();
        cluster.volumes.put("pv-1", hostPath("pv-1", allowed.resolve("pv-1"), "data", Map.of()));
        restore(targets, Set.of("shop/data"), Set.of("pv-1"));
        assertThat(onlyError()).as("inside the root, the checks pass").contains(REACHED);
    }

    @Test
    void anExistingClaimStillMarkedPendingForThisSnapshotIsResumedAndAnUnmarkedOneKeepsItsData() {
        Map<String, String> pending = Map.of(VolumeRestorer.PENDING, "s1");
        cluster.volumes.put("pv-1", hostPath("pv-1", dir.resolve("pv-1"), "data", pending));
        cluster.claims.put("shop/data", new PersistentVolumeClaimBuilder().withNewMetadata().withName("data").withNamespace("shop")
                .withAnnotations(pending).endMetadata().build());

        restore(RestoreTargets.anywhereButTheSystem(), Set.of(), Set.of());
        assertThat(onlyError()).as("an interrupted restore's claim goes on to the repository").contains(REACHED);

        errors.clear();
        cluster.mountedClaims.add("shop/data");
        restore(RestoreTargets.anywhereButTheSystem(), Set.of(), Set.of());
        assertThat(errors).as("a pod mounts it: in use, never written").isEmpty();
        assertThat(warnings).singleElement().satisfies(p -> assertThat(p.message()).contains("existed before this restore"));
        warnings.clear();
        cluster.mountedClaims.clear();

        cluster.claims.put("shop/data", new PersistentVolumeClaimBuilder().withNewMetadata().withName("data").withNamespace("shop")
                .withAnnotations(Map.of(VolumeRestorer.PENDING, "another-snapshot")).endMetadata().build());
        List<VolumeRestore> results = restore(RestoreTargets.anywhereButTheSystem(), Set.of(), Set.of());
        assertThat(errors).isEmpty();
        assertThat(results).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(VolumeRestore.Status.Skipped));
        assertThat(warnings).singleElement().satisfies(p -> assertThat(p.message()).contains("existed before this restore"));
    }

    @Test
    void aNewPvPointingAtAnotherLiveVolumesDirectoryIsRefused() {
        Path live = dir.resolve("live-volume");
        cluster.volumes.put("pv-live", hostPath("pv-live", live, "someone-else", Map.of()));
        cluster.volumes.put("pv-1", hostPath("pv-1", live.resolve("inside"), "data", Map.of()));

        restore(RestoreTargets.anywhereButTheSystem(), Set.of("shop/data"), Set.of("pv-1"));

        assertThat(onlyError()).contains("overlaps " + live + " of PersistentVolume pv-live").doesNotContain(REACHED);
        assertThat(live).doesNotExist();
    }
}
