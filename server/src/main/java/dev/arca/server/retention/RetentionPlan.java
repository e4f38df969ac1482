package dev.arca.server.retention;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link RetentionPolicy} does to one schedule's backups at one instant: an entry per
 * backup, newest first, each KEEP or DELETE with every reason; and notes about the plan as a
 * whole (a policy that keeps everything, backups of other schedules left out).
 */
public record RetentionPlan(String schedule, List<Entry> entries, List<String> notes) {

    public RetentionPlan {
        Objects.requireNonNull(schedule, "schedule");
        entries = List.copyOf(entries);
        notes = List.copyOf(notes);
    }

    /** The planner's verdict on one backup. */
    public enum Decision { KEEP, DELETE }

    /**
     * One backup's verdict.
     *
     * @param reasons every rule or protection that keeps it, or why it goes; never empty
     */
    public record Entry(BackupRecord backup, Decision decision, List<String> reasons) {
        public Entry {
            Objects.requireNonNull(backup, "backup");
            Objects.requireNonNull(decision, () -> "backup " + backup.name() + ": decision is missing");
            reasons = List.copyOf(reasons);
            if (reasons.isEmpty()) {
                throw new IllegalArgumentException("backup " + backup.name() + ": a decision needs a reason");
            }
        }
    }

    /** The backups to delete, newest first. */
    public List<BackupRecord> toDelete() {
        return select(Decision.DELETE);
    }

    /** The backups to keep, newest first. */
    public List<BackupRecord> toKeep() {
        return select(Decision.KEEP);
    }

    /** The entry for backup {@code name}, or null when the plan has none. */
    public Entry entry(String name) {
        return entries.stream().filter(e -> e.backup().name().equals(name)).findFirst().orElse(null);
    }

    private List<BackupRecord> select(Decision decision) {
        return entries.stream().filter(e -> e.decision() == decision).map(Entry::backup).toList();
    }
}
