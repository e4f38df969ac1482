package dev.arca.engine.blueprint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The shell wrapper a restore action runs behind, run here by a real {@code sh}: the command sees
 * exactly N bytes and then the end of its input, although stdin stays open (as an exec's does);
 * a command that fails without reading still lets the whole input be sent and its exit code is the
 * wrapper's. Also the stderr tail kept for messages.
 */
class StreamExecFeedTest {
    @Test
    void theCommandSeesExactlyNBytesThenTheEndAlthoughStdinStaysOpen() throws Exception {
        Process p = start(5000, "wc", "-c");
        OutputStream in = p.getOutputStream();
        in.write(new byte[5000]);
        in.flush(); // stdin is not closed: the wrapper alone must end the command's input
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("the wrapper ends after N bytes").isTrue();
        assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip()).isEqualTo("5000");
        assertThat(p.exitValue()).isZero();
        in.close();
    }

    @Test
    void aCommandThatFailsWithoutReadingGetsItsInputDrainedAndItsExitCodeIsTheWrappers() throws Exception {
        int n = 4 << 20;
        Process p = start(n, "sh", "-c", "echo refusing >&2; exit 3");
        CompletableFuture<Void> feed = CompletableFuture.runAsync(() -> {
            try (OutputStream in = p.getOutputStream()) {
                byte[] block = new byte[65536];
                for (int sent = 0; sent < n; sent += block.length) {
                    in.write(block);
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        feed.get(30, TimeUnit.SECONDS); // every byte was taken although the command read none
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(3);
        assertThat(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).contains("refusing");
    }

    @Test
    void theStderrTailKeepsTheLastBytes() {
        StreamExec.Tail tail = new StreamExec.Tail();
        byte[] noise = new byte[5000];
        Arrays.fill(noise, (byte) 'x');
        tail.write(noise, 0, noise.length);
        tail.write("the end".getBytes(StandardCharsets.UTF_8), 0, 7);
        assertThat(tail.text()).hasSize(2048).endsWith("xthe end");
    }

    private static Process start(long n, String... command) throws Exception {
        List<String> argv = new ArrayList<>(List.of("sh", "-c", StreamExec.FEED, Long.toString(n)));
        argv.addAll(List.of(command));
        return new ProcessBuilder(argv).start();
    }
}
