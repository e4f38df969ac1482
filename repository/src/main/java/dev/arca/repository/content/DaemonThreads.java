package dev.arca.repository.content;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Named daemon threads for the repository's pools, so a forgotten pool never keeps the JVM alive. */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    /** Threads named {@code <prefix>-1}, {@code <prefix>-2}, ... */
    public static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
