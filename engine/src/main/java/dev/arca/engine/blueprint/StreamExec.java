package dev.arca.engine.blueprint;

import dev.arca.api.ArcaException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a command in a pod's container through the API server's exec endpoint with its stdout or
 * stdin STREAMED (never buffered whole, never written to disk), and tells success from failure by
 * the exit code. Stdout is read through fabric8's flow-controlled stream, so a slow consumer slows
 * the command down rather than filling memory.
 *
 * <p>The exec protocol of older API servers (before {@code v5.channel.k8s.io}) cannot close stdin
 * alone, so a command fed on stdin runs behind {@link #FEED}: it sees the end of its input after
 * exactly the N bytes Arca sends, and what it leaves unread is drained after it exits, because the
 * container runtime reports the exit only once the exec's stdin is done with. The container needs
 * {@code sh}, {@code head} and {@code cat}.
 */
final class StreamExec {
    /** {@code sh -c FEED N COMMAND...}: COMMAND reads exactly N bytes of stdin; its exit code is the exec's. */
    static final String FEED = "head -c \"$0\" | { \"$@\"; rc=$?; cat >/dev/null; exit $rc; }";
    /** How long to wait for the exit code once the output ended. */
    private static final Duration EXIT_WAIT = Duration.ofSeconds(30);
    private static final int STDERR_TAIL = 2048;

    /** Consumes a command's stdout. */
    interface Reader<T> {
        T read(InputStream stdout) throws IOException;
    }

    /** Produces a command's stdin. */
    interface Writer {
        void write(OutputStream stdin) throws IOException;
    }

    /** Feeds stdin on its own daemon thread, so the caller can wait for the exit code and the timeout. */
    private static final Executor FEEDER = task -> {
        Thread t = new Thread(task, "arca-blueprint-stdin");
        t.setDaemon(true);
        t.start();
    };

    private final KubernetesClient client;

    StreamExec(KubernetesClient client) {
        this.client = client;
    }

    /** Runs {@code command}, hands its stdout to {@code reader}, and returns what that returns if the command exits 0. */
    <T> T readFrom(Target target, List<String> command, Duration timeout, Reader<T> reader) {
        Tail stderr = new Tail();
        ExecWatch watch = start(target, command, stderr, false);
        AtomicBoolean timedOut = new AtomicBoolean();
        CompletableFuture<?> timer = closeAfter(watch, timeout, timedOut);
        try (watch) {
            T result;
            try {
                result = reader.read(new ExitChecked(watch.getOutput(), watch, target, stderr, timedOut));
            } catch (IOException | RuntimeException e) {
                Integer code = exit(watch, timedOut);
                String what = code != null && code != 0 ? null : "its output could not be stored: " + message(e);
                throw failure(target, what, code, stderr, timedOut, timeout, e);
            }
            Integer code = exit(watch, timedOut);
            if (code == null || code != 0) {
                throw failure(target, null, code, stderr, timedOut, timeout, null);
            }
            return result;
        } finally {
            timer.cancel(false);
        }
    }

    /** Runs {@code command} fed {@code length} bytes from {@code writer} on stdin; returns when it exited 0. */
    void writeTo(Target target, List<String> command, long length, Duration timeout, Writer writer) {
        List<String> wrapped = new ArrayList<>(List.of("sh", "-c", FEED, Long.toString(length)));
        wrapped.addAll(command);
        Tail stderr = new Tail();
        ExecWatch watch = start(target, wrapped, stderr, true);
        AtomicBoolean timedOut = new AtomicBoolean();
        CompletableFuture<?> timer = closeAfter(watch, timeout, timedOut);
        try (watch) {
            CompletableFuture<Void> feed = CompletableFuture.runAsync(() -> {
                try (OutputStream in = new Paced(watch)) {
                    writer.write(in);
                    in.flush();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, FEEDER);
            feed.whenComplete((v, t) -> {
                if (t != null && !watch.exitCode().isDone()) {
                    watch.close(); // the stream failed: end the command rather than let it wait for the rest
                }
            });
            Integer code = exitWithin(watch, timeout.plus(EXIT_WAIT));
            Throwable fed = feed.isCompletedExceptionally() ? feed.handle((v, t) -> t).join() : null;
            if (code == null || code != 0) {
                throw failure(target, fed == null ? null : "its input failed: " + message(fed), code, stderr, timedOut, timeout, fed);
            }
        } finally {
            timer.cancel(false);
        }
    }

    private ExecWatch start(Target target, List<String> command, Tail stderr, boolean withStdin) {
        try {
            var container = client.pods().inNamespace(target.namespace()).withName(target.pod()).inContainer(target.container());
            var out = withStdin ? container.redirectingInput().writingOutput(stderr) : container.redirectingOutput();
            return out.writingError(stderr).exec(command.toArray(String[]::new));
        } catch (KubernetesClientException e) {
            throw new ExecFailure(target + ": the command could not be started: " + message(e)
                    + "; check that the pod is running and the container exists", null, e);
        }
    }

    private static CompletableFuture<?> closeAfter(ExecWatch watch, Duration timeout, AtomicBoolean timedOut) {
        Executor later = CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return CompletableFuture.runAsync(() -> {
            if (!watch.exitCode().isDone()) {
                timedOut.set(true);
                watch.close();
            }
        }, later);
    }

    /** The exit code once the output ended: null when the command did not exit by itself. */
    private static Integer exit(ExecWatch watch, AtomicBoolean timedOut) {
        return timedOut.get() ? null : exitWithin(watch, EXIT_WAIT);
    }

    private static Integer exitWithin(ExecWatch watch, Duration wait) {
        try {
            return watch.exitCode().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ArcaException("interrupted while waiting for a blueprint action", e);
        } catch (ExecutionException | TimeoutException | java.util.concurrent.CancellationException e) {
            return null;
        }
    }

    private static ExecFailure failure(Target target, String what, Integer code, Tail stderr, AtomicBoolean timedOut,
                                       Duration timeout, Throwable cause) {
        StringBuilder m = new StringBuilder(target.toString()).append(": ");
        if (timedOut.get()) {
            m.append("timed out after ").append(timeout.toSeconds()).append(" s and was stopped");
        } else if (code != null) {
            m.append("exited with code ").append(code);
        } else {
            m.append("ended without an exit code (the connection to the container was lost)");
        }
        if (what != null) {
            m.append("; ").append(what);
        }
        String err = stderr.text();
        m.append(err.isBlank() ? "; it wrote nothing to stderr" : "; stderr ends: " + err.strip());
        return new ExecFailure(m.toString(), timedOut.get() ? null : code, cause);
    }

    private static String message(Throwable e) {
        Throwable t = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        t = t instanceof java.io.UncheckedIOException && t.getCause() != null ? t.getCause() : t;
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    /** Where a command runs, for messages: {@code pod ns/name, container c}. */
    record Target(String namespace, String pod, String container, String blueprint, String action) {
        @Override
        public String toString() {
            return "the " + action + " action of blueprint " + blueprint + " in pod " + namespace + "/" + pod
                    + ", container " + container;
        }
    }

    /** Stdout that, at its end, fails unless the command exited 0: a failed dump is never stored as a good one. */
    private static final class ExitChecked extends FilterInputStream {
        private final ExecWatch watch;
        private final Target target;
        private final Tail stderr;
        private final AtomicBoolean timedOut;

        ExitChecked(InputStream in, ExecWatch watch, Target target, Tail stderr, AtomicBoolean timedOut) {
            super(in);
            this.timedOut = timedOut;
            this.watch = watch;
            this.target = target;
            this.stderr = stderr;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            return b < 0 ? atEnd() : b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            return n < 0 ? atEnd() : n;
        }

        private int atEnd() throws IOException {
            if (timedOut.get()) {
                throw new IOException(target + " timed out; its output is incomplete");
            }
            Integer code = exitWithin(watch, EXIT_WAIT);
            if (code == null || code != 0) {
                throw new IOException(target + " " + (code == null ? "ended without an exit code" : "exited with code " + code)
                        + "; stderr ends: " + stderr.text().strip());
            }
            return -1;
        }
    }

    /**
     * Stdin handed on in slices of at most {@value #SLICE} bytes, each sent only when the one
     * before has left: fabric8's JDK websocket starts a send without waiting for the previous one,
     * and the JDK refuses a send while another is pending ("Send pending"), which aborts the
     * connection. The pacing reads the websocket's queue size, reached by reflection into
     * fabric8's exec listener (7.6.1) since the watch does not expose it; if that fails, the
     * restore fails with a message rather than lose data.
     */
    private static final class Paced extends OutputStream {
        private static final int SLICE = 64 * 1024;
        private final ExecWatch watch;
        private final OutputStream out;
        private final io.fabric8.kubernetes.client.http.WebSocket socket;

        Paced(ExecWatch watch) throws IOException {
            this.watch = watch;
            this.out = watch.getInput();
            this.socket = socketOf(watch);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            for (int done = 0; done < len; done += SLICE) {
                awaitSent();
                out.write(b, off + done, Math.min(SLICE, len - done));
            }
        }

        @Override
        public void flush() throws IOException {
            out.flush();
            awaitSent();
        }

        @Override
        public void close() throws IOException {
            flush();
        }

        private void awaitSent() throws IOException {
            while (socket.queueSize() > 0) {
                if (watch.exitCode().isDone()) {
                    throw new IOException("the command ended before it read all of its input");
                }
                java.util.concurrent.locks.LockSupport.parkNanos(100_000);
                if (Thread.interrupted()) {
                    throw new java.io.InterruptedIOException("interrupted while feeding a blueprint's restore action");
                }
            }
        }

        private static io.fabric8.kubernetes.client.http.WebSocket socketOf(ExecWatch watch) throws IOException {
            try {
                java.lang.reflect.Field f = watch.getClass().getDeclaredField("webSocketRef");
                f.setAccessible(true);
                Object socket = ((java.util.concurrent.atomic.AtomicReference<?>) f.get(watch)).get();
                if (socket instanceof io.fabric8.kubernetes.client.http.WebSocket ws) {
                    return ws;
                }
                throw new IOException("the exec connection is not open");
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IOException("cannot pace the input of the exec connection (" + e + "); this Arca was built for"
                        + " fabric8 kubernetes-client 7.6.1's exec listener", e);
            }
        }
    }

    /** The last bytes written to it (a command's stderr), for messages. */
    static final class Tail extends OutputStream {
        private final byte[] ring = new byte[STDERR_TAIL];
        private long written;

        @Override
        public synchronized void write(int b) {
            ring[(int) (written++ % ring.length)] = (byte) b;
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            for (int i = 0; i < len; i++) {
                write(b[off + i]);
            }
        }

        synchronized String text() {
            int n = (int) Math.min(written, ring.length);
            byte[] last = new byte[n];
            for (int i = 0; i < n; i++) {
                last[i] = ring[(int) ((written - n + i) % ring.length)];
            }
            return new String(last, StandardCharsets.UTF_8);
        }
    }
}
