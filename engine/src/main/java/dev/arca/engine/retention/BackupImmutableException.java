package dev.arca.engine.retention;

import dev.arca.api.ArcaException;
import java.time.Instant;

/** A backup may not be deleted yet: its location keeps backups immutable for a period. */
public final class BackupImmutableException extends ArcaException {
    private final Instant until;

    public BackupImmutableException(String backup, Instant until, ImmutabilityPeriod period) {
        super("backup \"" + backup + "\" is immutable until " + until + ": its location keeps backups for "
                + period.describe() + "; it can be deleted after that");
        this.until = until;
    }

    public Instant until() {
        return until;
    }
}
