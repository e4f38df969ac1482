package dev.arca.engine.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PodExecTest {
    @Test
    void outputPastTheLimitIsDroppedAndMarked() {
        PodExec.Bounded out = new PodExec.Bounded(8);
        out.write("12345".getBytes(StandardCharsets.UTF_8), 0, 5);
        out.write("67890".getBytes(StandardCharsets.UTF_8), 0, 5);
        out.write('x');

        assertThat(out.text()).isEqualTo("12345678");
        assertThat(out.cut).isTrue();
        assertThat(new PodExec.Result(0, "12345678", "", true, false, null).output()).endsWith("[output cut at the limit]");
    }

    @Test
    void aResultSucceedsOnlyWithExitZeroInTime() {
        assertThat(new PodExec.Result(0, "", "", false, false, null).succeeded()).isTrue();
        assertThat(new PodExec.Result(3, "", "", false, false, null).succeeded()).isFalse();
        assertThat(new PodExec.Result(-1, "", "", false, true, null).succeeded()).isFalse();
        assertThat(new PodExec.Result(0, "out", "err", false, false, null).output()).isEqualTo("out\nerr");
    }
}
