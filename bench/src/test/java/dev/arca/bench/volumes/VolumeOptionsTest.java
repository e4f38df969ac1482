package dev.arca.bench.volumes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class VolumeOptionsTest {
    @Test
    void byDefaultRunsThreeRoundsOfResticBorgAndArcaOnTheMixedDataSet() {
        VolumeOptions o = VolumeOptions.parse(List.of());

        assertThat(o.rounds()).isEqualTo(3);
        assertThat(o.tools()).containsExactly("restic", "borg", "arca");
        assertThat(o.files()).isZero();
        assertThat(o.sizeMiB()).isEqualTo(2048);
        assertThat(o.warm()).isFalse();
    }

    @Test
    void warmAddsArcaInOneLongLivedJvmAfterTheNamedTools() {
        VolumeOptions o = VolumeOptions.parse(List.of("--files", "200_000", "--size-mib", "6144", "--tools", "restic,arca", "--warm",
                "--rounds", "1"));

        assertThat(o.files()).isEqualTo(200_000);
        assertThat(o.sizeMiB()).isEqualTo(6144);
        assertThat(o.tools()).containsExactly("restic", "arca", VolumeOptions.WARM);
        assertThat(o.warm()).isTrue();
        assertThat(o.rounds()).isOne();
    }

    @Test
    void rejectsUnknownOrRepeatedToolsAndTheWarmRunByNameWithoutWarm() {
        assertThatThrownBy(() -> VolumeOptions.parse(List.of("--tools", "restic,kopia")))
                .hasMessageContaining("--tools takes some of restic, borg, arca").hasMessageContaining("kopia");
        assertThatThrownBy(() -> VolumeOptions.parse(List.of("--tools", "borg,borg"))).hasMessageContaining("each once");
        assertThatThrownBy(() -> VolumeOptions.parse(List.of("--tools", "arca-warm"))).hasMessageContaining("--tools takes");
        assertThatThrownBy(() -> VolumeOptions.parse(List.of("--tools", ""))).hasMessageContaining("--tools takes");
    }

    @Test
    void rejectsATreeOfFilesTooManyForItsSize() {
        assertThatThrownBy(() -> VolumeOptions.parse(List.of("--files", "200000", "--size-mib", "2048")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--files 200000 needs --size-mib of at least 2344 (12 KiB per file), got 2048");
        assertThatThrownBy(() -> VolumeOptions.parse(List.of("--files", "10"))).hasMessageContaining("--files must be 100..");
        assertThat(VolumeOptions.parse(List.of("--files", "2000", "--size-mib", "64")).files()).isEqualTo(2000);
    }

    @Test
    void eachRoundRotatesTheToolOrderSoThatEachGoesFirstInTurn() {
        List<String> tools = List.of("restic", "borg", "arca", VolumeOptions.WARM);

        assertThat(VolumeBench.order(tools, 1)).containsExactly("restic", "borg", "arca", "arca-warm");
        assertThat(VolumeBench.order(tools, 2)).containsExactly("borg", "arca", "arca-warm", "restic");
        assertThat(VolumeBench.order(tools, 3)).containsExactly("arca", "arca-warm", "restic", "borg");
        assertThat(VolumeBench.order(tools, 5)).containsExactly("restic", "borg", "arca", "arca-warm");
    }
}
