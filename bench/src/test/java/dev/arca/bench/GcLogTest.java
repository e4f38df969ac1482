package dev.arca.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class GcLogTest {
    private static final long MIB = 1024 * 1024;

    @Test
    void peakIsTheLargerOfTheHighestHeapBeforeAPauseAndTheHeapAtExit() {
        GcLog gc = GcLog.parse(List.of(
                "[0.002s][info][gc] Using G1",
                "[0.740s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 12M->4M(256M) 10.059ms",
                "[0.902s][info][gc] GC(1) Pause Young (Concurrent Start) (G1 Humongous Allocation) 88M->70M(256M) 8.033ms",
                "[0.950s][info][gc] GC(2) Pause Remark 71M->71M(256M) 1.2ms",
                "[0.966s][info][gc,heap,exit]  garbage-first heap   total 262144K, used 51200K [0x00000000f0000000, 0x0000000100000000)"));

        assertThat(gc.peakUsedBytes()).isEqualTo(88 * MIB);
        assertThat(gc.maxLiveBytes()).isEqualTo(71 * MIB);
        assertThat(gc.committedBytes()).isEqualTo(256 * MIB);
        assertThat(gc.pauses()).isEqualTo(3);
    }

    @Test
    void theHeapAtExitCountsWhenItIsTheHighest() {
        GcLog gc = GcLog.parse(List.of(
                "[0.740s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 1G->40M(2G) 10.059ms",
                "[9.966s][info][gc,heap,exit]  garbage-first heap   total 2097152K, used 1572864K [0x0, 0x1)"));

        assertThat(gc.peakMiB()).isEqualTo(1536.0);
    }

    @Test
    void theSerialCollectorsHeapAtExitIsTheSumOfItsGenerations() {
        GcLog gc = GcLog.parse(List.of(
                "[0.002s][info][gc] Using Serial",
                "[0.511s][info][gc] GC(0) Pause Young (Allocation Failure) 68M->9M(247M) 4.120ms",
                "[5.033s][info][gc,heap,exit] Heap",
                "[5.033s][info][gc,heap,exit]  def new generation   total 78656K, used 61440K [0x00000000f0000000, 0x0, 0x0)",
                "[5.033s][info][gc,heap,exit]   eden space 69952K,  87% used [0x00000000f0000000, 0x0, 0x0)",
                "[5.033s][info][gc,heap,exit]  tenured generation   total 174784K, used 20480K [0x00000000f5550000, 0x0, 0x0)",
                "[5.033s][info][gc,heap,exit]  Metaspace       used 30000K, committed 31000K, reserved 1114112K"));

        assertThat(gc.peakMiB()).as("60 MiB young + 20 MiB tenured at exit beats 68 MiB before the pause").isEqualTo(80.0);
        assertThat(gc.liveMiB()).isEqualTo(9.0);
        assertThat(gc.committedBytes()).isEqualTo((78656L + 174784L) * 1024);
        assertThat(gc.pauses()).isEqualTo(1);
    }

    @Test
    void aLogWithoutHeapFiguresIsAnError() {
        assertThatThrownBy(() -> GcLog.parse(List.of("[0.002s][info][gc] Using G1")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("-Xlog:gc");
    }
}
