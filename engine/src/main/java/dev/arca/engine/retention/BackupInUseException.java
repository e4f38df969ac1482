package dev.arca.engine.retention;

import dev.arca.api.ArcaException;
import dev.arca.archive.Lease;
import java.util.List;
import java.util.stream.Collectors;

/** A backup was not deleted because a restore holds an unexpired lease on it; retrying later may succeed. */
public final class BackupInUseException extends ArcaException {
    private final transient List<Lease> leases;

    /** @param leases the leases that hold, at least one */
    public BackupInUseException(String backup, List<Lease> leases) {
        this(leases, "backup \"" + backup + "\" is being read by " + readers(leases) + "; try again later");
    }

    private BackupInUseException(List<Lease> leases, String message) {
        super(message);
        this.leases = List.copyOf(leases);
    }

    /** The backup is still being written: the claim of its run holds. */
    static BackupInUseException beingWritten(String backup, Lease writer) {
        return new BackupInUseException(List.of(writer), "backup \"" + backup + "\" is being written by " + writer.holder() + " (started "
                + writer.acquired() + ", claim renewed until " + writer.expires() + "); try again once that run is done,"
                + " or after " + writer.expires() + " if it died");
    }

    /** The leases that kept the backup. */
    public List<Lease> leases() {
        return leases;
    }

    /** {@code restore "r1" (lease until 2026-...Z)}, joined with "and" when several hold. */
    static String readers(List<Lease> leases) {
        if (leases.isEmpty()) {
            throw new IllegalArgumentException("a backup in use has at least one lease");
        }
        return leases.stream()
                .map(lease -> "restore \"" + lease.holder() + "\" (lease until " + lease.expires() + ")")
                .collect(Collectors.joining(" and "));
    }
}
