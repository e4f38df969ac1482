package dev.arca.archive;

import dev.arca.api.ArcaException;
import java.time.Instant;

/**
 * One restore's claim on a backup, as stored in {@code backups/<backup>/leases/<holder>.json}:
 * while it {@link #holdsAt holds}, the backup is not deleted. Serialised with
 * {@link ArchiveJson#mapper()}.
 *
 * @param backup   the backup being read
 * @param holder   the restore reading it
 * @param acquired when the restore took the lease
 * @param expires  when the lease lapses unless renewed; a crashed restore stops renewing, so its
 *                 lease lapses on its own and blocks nothing afterwards
 */
public record Lease(String backup, String holder, Instant acquired, Instant expires) {

    /** @throws ArcaException.InvalidInput when a name is invalid, a time is missing, or it expires before it starts */
    public Lease {
        LocationLayout.checkName(backup);
        LocationLayout.checkName(holder);
        if (acquired == null || expires == null) {
            throw new ArcaException.InvalidInput("lease of restore \"" + holder + "\" on backup \"" + backup
                    + "\" lacks its acquired or expires time");
        }
        if (expires.isBefore(acquired)) {
            throw new ArcaException.InvalidInput("lease of restore \"" + holder + "\" on backup \"" + backup
                    + "\" expires (" + expires + ") before it was acquired (" + acquired + ")");
        }
    }

    /** True while the lease blocks deletion: {@code expires} is after {@code now}. */
    public boolean holdsAt(Instant now) {
        return expires.isAfter(now);
    }

    /** The same lease, extended to {@code value}. */
    public Lease withExpires(Instant value) {
        return new Lease(backup, holder, acquired, value);
    }
}
