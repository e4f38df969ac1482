package dev.arca.repository.content;

import dev.arca.api.ArcaException;
import java.time.Clock;
import java.util.Objects;

/**
 * How a {@link PackedContentStore} packs and uploads.
 * @param packSize the most bytes a pack holds (16 MiB by default): it is rolled when the next chunk would not fit
 *                 (one larger chunk gets a pack of its own)
 * @param maxInFlightPacks packs uploading at once before {@code put} blocks
 * @param uploadThreads threads for uploads and for loading index files
 * @param zstdLevel 1..22, or 0 for no compression
 * @param clock stamps pack and index ids with their creation time
 */
public record PackOptions(int packSize, int maxInFlightPacks, int uploadThreads, int zstdLevel, Clock clock) {
    public static final int DEFAULT_PACK_SIZE = 16 << 20;

    public PackOptions {
        if (packSize < 1024 || packSize > (1 << 30)) {
            throw new ArcaException.InvalidInput("pack size " + packSize + " is outside 1 KiB..1 GiB");
        }
        if (maxInFlightPacks < 1 || uploadThreads < 1) {
            throw new ArcaException.InvalidInput("max in-flight packs and upload threads must be at least 1");
        }
        if (zstdLevel < 0 || zstdLevel > 22) {
            throw new ArcaException.InvalidInput("zstd level " + zstdLevel + " is outside 0..22");
        }
        Objects.requireNonNull(clock, "clock");
    }

    public static PackOptions defaults() {
        return new PackOptions(DEFAULT_PACK_SIZE, 2, 2, 3, Clock.systemUTC());
    }

    public PackOptions withPackSize(int bytes) {
        return new PackOptions(bytes, maxInFlightPacks, uploadThreads, zstdLevel, clock);
    }

    public PackOptions withMaxInFlightPacks(int packs) {
        return new PackOptions(packSize, packs, uploadThreads, zstdLevel, clock);
    }

    public PackOptions withUploadThreads(int threads) {
        return new PackOptions(packSize, maxInFlightPacks, threads, zstdLevel, clock);
    }

    public PackOptions withZstdLevel(int level) {
        return new PackOptions(packSize, maxInFlightPacks, uploadThreads, level, clock);
    }

    public PackOptions withClock(Clock c) {
        return new PackOptions(packSize, maxInFlightPacks, uploadThreads, zstdLevel, c);
    }
}
