package dev.arca.repository.object;

import dev.arca.api.ArcaException;
import java.io.InterruptedIOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A unit of work handed to an executor that the thread waiting for it may also run: whoever
 * claims it first runs it, once. So a caller never waits on work still sitting in a queue, and
 * a saturated or shared executor (even the one the caller itself runs on) cannot deadlock it.
 * {@code release} runs exactly once, after the work ran (before its result is published) or when
 * it is cancelled before it started.
 */
final class HelpedTask<T> implements Runnable {
    private final AtomicBoolean claimed = new AtomicBoolean();
    private final CompletableFuture<T> result = new CompletableFuture<>();
    private final Supplier<T> work;
    private final Runnable release;

    HelpedTask(Supplier<T> work, Runnable release) {
        this.work = work;
        this.release = release;
    }

    /** A task already done, for work the caller ran inline. */
    static <T> HelpedTask<T> done(T value) {
        HelpedTask<T> task = new HelpedTask<>(null, () -> { });
        task.claimed.set(true);
        task.result.complete(value);
        return task;
    }

    /** Hands the task to {@code executor}; runs it here when the executor refuses it. */
    void submit(Executor executor) {
        try {
            executor.execute(this);
        } catch (RejectedExecutionException e) {
            run();
        }
    }

    @Override
    public void run() {
        if (!claimed.compareAndSet(false, true)) {
            return;
        }
        T value = null;
        Throwable error = null;
        try {
            value = work.get();
        } catch (Throwable t) {
            error = t;
        }
        // release before the result is visible: whoever waits sees the permit and buffer back
        release.run();
        if (error == null) {
            result.complete(value);
        } else {
            result.completeExceptionally(error);
        }
    }

    /** Cancels the task if it has not started; a started one runs to its end. */
    void cancel() {
        if (claimed.compareAndSet(false, true)) {
            result.cancel(false);
            release.run();
        }
    }

    /** The result: runs the task here if nobody has claimed it, else waits for it. */
    T await() throws InterruptedIOException {
        run();
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a chunk");
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        }
    }

    /** Waits until the task has run or was cancelled, whatever its outcome; not interruptible. */
    void awaitQuietly() {
        cancel();
        try {
            result.join();
        } catch (RuntimeException ignored) {
            // the outcome is reported elsewhere; here we only wait for the work to stop
        }
    }

    /** Calls {@code onFailure} when the work throws (not when it is cancelled). */
    void onFailure(Consumer<Throwable> onFailure) {
        result.whenComplete((value, error) -> {
            if (error != null && !(error instanceof CancellationException)) {
                onFailure.accept(error);
            }
        });
    }

    /** The original unchecked exception or error, unwrapped; a checked one wrapped once. */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new ArcaException("chunk work failed: " + t, t);
    }
}
