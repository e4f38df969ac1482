package dev.arca.engine.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import dev.arca.api.Problem;
import dev.arca.engine.RunLog;
import dev.arca.repository.SnapshotSummary;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where volume data is found: the PV's own directory, the kubelet's pod directory, and what neither can reach. */
class VolumeSourceTest {
    @TempDir
    Path dir;

    private static PersistentVolume nfs(String name) {
        return new PersistentVolumeBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                .withNewClaimRef().withNamespace("shop").withName("data").endClaimRef()
                .withNewNfs().withServer("10.0.0.1").withPath("/exports").endNfs().endSpec().build();
    }

    @Test
    void hostPathIsReadInPlaceAndAMissingDirectoryNamesThePvAndWhatToDo() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        PersistentVolume pv = new PersistentVolumeBuilder().withNewMetadata().withName("pv-1").endMetadata().withNewSpec()
                .withNewHostPath().withPath(data.toString()).endHostPath().endSpec().build();
        assertThat(new LocalPathVolumeSource().forBackup(pv, List.of())).hasValueSatisfying(m -> assertThat(m.root()).isEqualTo(data));
        assertThat(new LocalPathVolumeSource().forBackup(nfs("pv-2"), List.of())).isEmpty();

        Files.delete(data);
        assertThatThrownBy(() -> new LocalPathVolumeSource().forBackup(pv, List.of())).isInstanceOf(ArcaException.NotFound.class)
                .hasMessageContaining("PersistentVolume pv-1").hasMessageContaining("run arca on the node");
        assertThat(new LocalPathVolumeSource().forRestore(pv)).as("restore creates it").isPresent();
        assertThat(data).isDirectory();
    }

    @Test
    void anyVolumeIsFoundUnderTheKubeletsPodDirectoryOfAPodThatMountsIt() throws Exception {
        Path root = dir.resolve("pods");
        Path mounted = Files.createDirectories(root.resolve("uid-b/volumes/kubernetes.io~nfs/pv-2"));
        List<PodVolumes.PodVolume> uses = List.of(
                new PodVolumes.PodVolume("shop", "web-a", "uid-a", "data", "claim", true),
                new PodVolumes.PodVolume("shop", "web-b", "uid-b", "data", "claim", true));
        assertThat(new PodVolumesDirSource(root).forBackup(nfs("pv-2"), uses)).hasValueSatisfying(m -> {
            assertThat(m.root()).isEqualTo(mounted);
            assertThat(m.description()).contains("pod web-b");
        });
        assertThat(new PodVolumesDirSource(root).forBackup(nfs("pv-3"), uses)).isEmpty();
        assertThat(new PodVolumesDirSource(root).forRestore(nfs("pv-2"))).as("backup only").isEmpty();
    }

    @Test
    void aVolumeNoSourceCanWriteFailsItsClaimAndAnExistingClaimKeepsItsData() {
        SnapshotSummary snapshot = new SnapshotSummary("s1", "shop/data", "b1", Instant.EPOCH, null, 1, 1, 0, 5, 5, 5, 40, List.of(), List.of());
        List<VolumeBackup> volumes = List.of(
                new VolumeBackup("shop", "data", "pv-nfs", null, List.of("web/data"), VolumeBackup.Status.BackedUp, null, "x", snapshot),
                new VolumeBackup("shop", "kept", "pv-kept", null, List.of("web/kept"), VolumeBackup.Status.BackedUp, null, "x", snapshot),
                new VolumeBackup("shop", "left-out", "pv-3", null, List.of(), VolumeBackup.Status.BackedUp, null, "x", snapshot));
        List<Problem> errors = new ArrayList<>();
        List<Problem> warnings = new ArrayList<>();
        VolumeRestorer restorer = new VolumeRestorer(FakeCluster.of(name -> nfs(name)), () -> {
            throw new AssertionError("the repository is not needed when nothing can be written");
        }, List.of(new LocalPathVolumeSource(), new PodVolumesDirSource(dir)), RestoreTargets.anywhereButTheSystem(),
                new RunLog(line -> { }, org.slf4j.LoggerFactory.getLogger("t"), Clock.systemUTC()), dev.arca.engine.ProgressListener.NONE);

        List<VolumeRestore> results = restorer.restore(volumes, ns -> ns, pv -> pv, new VolumeRestorer.Handled(Set.of("shop/data"),
                Set.of("shop/data", "shop/kept"), Set.of("pv-nfs")), (error, p) -> (error ? errors : warnings).add(p));

        assertThat(results).extracting(VolumeRestore::claim, VolumeRestore::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("data", VolumeRestore.Status.Failed),
                org.assertj.core.groups.Tuple.tuple("kept", VolumeRestore.Status.Skipped));
        assertThat(errors).singleElement().satisfies(p -> assertThat(p.message()).contains("nfs volume (PV pv-nfs)"));
        assertThat(warnings).singleElement().satisfies(p -> assertThat(p.message()).contains("existed before this restore"));
    }
}
