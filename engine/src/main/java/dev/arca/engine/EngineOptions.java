package dev.arca.engine;

import java.time.Clock;
import java.time.Duration;

/**
 * Tuning shared by backup and restore.
 *
 * @param parallelism      types listed at once (backup), items applied at once (restore)
 * @param pageSize         items per LIST page
 * @param crdReadyTimeout  how long a restore waits for a CRD to be Established
 * @param clock            time source for timestamps
 */
public record EngineOptions(int parallelism, int pageSize, Duration crdReadyTimeout, Clock clock) {
    public EngineOptions {
        if (parallelism < 1 || parallelism > 256) {
            throw new IllegalArgumentException("parallelism must be 1..256, got " + parallelism);
        }
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be positive, got " + pageSize);
        }
    }

    public static EngineOptions defaults() {
        return new EngineOptions(8, 500, Duration.ofSeconds(60), Clock.systemUTC());
    }

    public EngineOptions withParallelism(int p) {
        return new EngineOptions(p, pageSize, crdReadyTimeout, clock);
    }

    public EngineOptions withPageSize(int size) {
        return new EngineOptions(parallelism, size, crdReadyTimeout, clock);
    }
}
