package dev.arca.engine.hooks;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one command in a pod's container through the API server's exec endpoint, keeping the first
 * {@code limit} bytes of its stdout and of its stderr, and its exit code from the status channel.
 * At the timeout it stops waiting and closes the stream; the API server gives no way to kill the
 * process, which may go on in the container.
 */
public final class PodExec {
    /** How much of each stream a result keeps by default: 64 KiB. */
    public static final int DEFAULT_LIMIT = 64 << 10;
    private final KubernetesClient client;
    private final int limit;

    public PodExec(KubernetesClient client) {
        this(client, DEFAULT_LIMIT);
    }

    public PodExec(KubernetesClient client, int limit) {
        this.client = client;
        this.limit = limit;
    }

    /**
     * What a command did.
     *
     * @param exitCode  its exit code, or -1 when it did not finish or could not start
     * @param stdout    the first bytes of its stdout (UTF-8)
     * @param stderr    the first bytes of its stderr
     * @param truncated true when either stream had more than was kept
     * @param timedOut  true when it was still running at the timeout
     * @param failure   why it could not run (no such pod or container, refused), or null
     */
    public record Result(int exitCode, String stdout, String stderr, boolean truncated, boolean timedOut, String failure) {
        public boolean succeeded() {
            return exitCode == 0 && !timedOut && failure == null;
        }

        /** Stdout then stderr, for a log line or a record. */
        public String output() {
            String both = stderr.isEmpty() ? stdout : stdout + (stdout.isEmpty() || stdout.endsWith("\n") ? "" : "\n") + stderr;
            return truncated ? both + "\n[output cut at the limit]" : both;
        }
    }

    /** Runs {@code command} in {@code container} of pod {@code namespace/pod}, waiting at most {@code timeout}. */
    public Result run(String namespace, String pod, String container, List<String> command, Duration timeout) {
        Bounded out = new Bounded(limit);
        Bounded err = new Bounded(limit);
        ExecWatch watch;
        try {
            watch = client.pods().inNamespace(namespace).withName(pod).inContainer(container)
                    .writingOutput(out).writingError(err).exec(command.toArray(String[]::new));
        } catch (KubernetesClientException e) {
            return new Result(-1, "", "", false, false, "exec refused: " + e.getMessage());
        }
        try (watch) {
            Integer code = watch.exitCode().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Result(code == null ? -1 : code, out.text(), err.text(), out.cut || err.cut, false,
                    code == null ? "the API server reported no exit code" : null);
        } catch (TimeoutException e) {
            return new Result(-1, out.text(), err.text(), out.cut || err.cut, true, null);
        } catch (ExecutionException e) {
            return new Result(-1, out.text(), err.text(), out.cut || err.cut, false, "exec failed: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, out.text(), err.text(), out.cut || err.cut, false, "interrupted while waiting for the command");
        }
    }

    /** Keeps the first {@code limit} bytes written and drops the rest, noting that it did. */
    static final class Bounded extends OutputStream {
        private final byte[] kept;
        private int size;
        volatile boolean cut;

        Bounded(int limit) {
            this.kept = new byte[limit];
        }

        @Override
        public synchronized void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            int room = Math.min(len, kept.length - size);
            System.arraycopy(b, off, kept, size, room);
            size += room;
            if (room < len) {
                cut = true;
            }
        }

        synchronized String text() {
            return new String(Arrays.copyOf(kept, size), StandardCharsets.UTF_8);
        }
    }
}
