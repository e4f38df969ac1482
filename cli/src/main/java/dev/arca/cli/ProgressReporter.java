package dev.arca.cli;

import dev.arca.api.Problem;
import dev.arca.engine.ProgressListener;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicLong;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Draws the engine's progress on stderr: a progress bar on a terminal, else one line per step.
 * Diagnostics only; results go to stdout.
 */
final class ProgressReporter implements ProgressListener, AutoCloseable {
    private final PrintWriter err;
    private final boolean interactive;
    private final String unit;
    private final AtomicLong done = new AtomicLong();
    private ProgressBar bar;
    private long expected = -1;

    ProgressReporter(PrintWriter err, boolean interactive, String unit) {
        this.err = err;
        this.interactive = interactive;
        this.unit = unit;
    }

    @Override
    public synchronized void step(String name) {
        if (interactive) {
            closeBar();
            bar = new ProgressBarBuilder().setTaskName(name).setUnit(" " + unit, 1).setStyle(ProgressBarStyle.ASCII)
                    .setInitialMax(expected).continuousUpdate().build();
            bar.stepTo(done.get());
        } else {
            err.println(name + "...");
            err.flush();
        }
    }

    @Override
    public synchronized void expect(long count) {
        expected = count;
        if (bar != null) {
            bar.maxHint(count);
        }
    }

    @Override
    public void itemDone() {
        done.incrementAndGet();
        ProgressBar b = bar;
        if (b != null) {
            b.step();
        }
    }

    @Override
    public void problem(boolean error, Problem problem) {
        if (!interactive) {
            err.println((error ? "error: " : "warning: ") + problem.where() + ": " + problem.message());
            err.flush();
        }
    }

    long done() {
        return done.get();
    }

    private void closeBar() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    @Override
    public synchronized void close() {
        closeBar();
    }
}
