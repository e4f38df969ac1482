package dev.arca.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FiguresTest {
    @Test
    void printsTheRatiosAsTheIssueDefinesThem() {
        Figures f = new Figures(Duration.ofSeconds(30), Duration.ofSeconds(20), Duration.ofSeconds(50),
                Duration.ofSeconds(40), 143.4);

        assertThat(f.line()).isEqualTo("backup_s=30.00 list_floor_s=20.00 backup_ratio=1.50 restore_s=50.00"
                + " create_floor_s=40.00 restore_ratio=0.80 heap_mb=143");
    }

    @Test
    void parsesTheFlagsAndKeepsANamedWorkDirectory() {
        BenchOptions o = BenchOptions.parse(java.util.List.of("--objects", "2000", "--namespaces", "10", "--work-dir", "/tmp/x"));

        assertThat(o.objects()).isEqualTo(2000);
        assertThat(o.namespaces()).isEqualTo(10);
        assertThat(o.parallelism()).isEqualTo(16);
        assertThat(o.keep()).isTrue();
    }
}
