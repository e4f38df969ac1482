package dev.arca.repository.snapshot;

import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.util.concurrent.atomic.AtomicInteger;

/** An open directory of a restore, shared by its walk and the files written into it; closed by whichever lets go last. */
final class HeldDirectory {
    private final SecureDirectoryStream<Path> dir;
    private final boolean owned;
    private final AtomicInteger holders = new AtomicInteger(1);

    /** @param owned false for the target itself, which the caller closes */
    HeldDirectory(SecureDirectoryStream<Path> dir, boolean owned) {
        this.dir = dir;
        this.owned = owned;
    }

    SecureDirectoryStream<Path> dir() {
        return dir;
    }

    /** One more holder (a file being written into it); each calls {@link #release()} once. */
    HeldDirectory hold() {
        holders.incrementAndGet();
        return this;
    }

    void release() {
        if (holders.decrementAndGet() == 0 && owned) {
            SecureDirs.closeQuietly(dir);
        }
    }
}
