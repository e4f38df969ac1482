package dev.arca.server.retention;

import dev.arca.api.ArcaException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Turns a {@link RetentionPolicy} and one schedule's backups into a {@link RetentionPlan}. Pure:
 * no clock, no I/O; the same input gives the same plan. The order of evaluation, per backup:
 * <ol>
 *   <li>count rules (keepLast, the GFS counts) and minSuccessful add reasons to keep;</li>
 *   <li>a backup no count rule keeps is DELETE when a count rule covers it; when none covers it
 *       (no count rule is set, or it failed) ttl decides, and without ttl it is kept;</li>
 *   <li>protections (immutable, leased, in progress) add reasons to keep, so they always win.</li>
 * </ol>
 */
public final class RetentionPlanner {

    /**
     * Plans {@code schedule}'s backups; backups of other schedules are left out of every rule and
     * out of the plan (a note counts them).
     */
    public RetentionPlan plan(String schedule, RetentionPolicy policy, Collection<BackupRecord> backups, Instant now) {
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(policy, () -> "schedule " + schedule + ": retention policy is missing");
        Objects.requireNonNull(now, "now");
        List<BackupRecord> mine = backups.stream().filter(b -> b.schedule().equals(schedule))
                .sorted(BackupRecord.NEWEST_FIRST).toList();
        requireUniqueNames(schedule, mine);
        Map<String, List<String>> keep = keepReasons(policy, mine);
        List<RetentionPlan.Entry> entries = new ArrayList<>();
        for (BackupRecord backup : mine) {
            entries.add(entry(policy, backup, keep.getOrDefault(backup.name(), new ArrayList<>()), now));
        }
        return new RetentionPlan(schedule, entries, notes(policy, backups.size() - mine.size()));
    }

    /**
     * Plans backups that all belong to one schedule (the caller has already selected them).
     *
     * @throws ArcaException.InvalidInput when they belong to more than one schedule, since applying
     *                                    one schedule's counts across schedules would delete wrongly
     */
    public RetentionPlan plan(RetentionPolicy policy, Collection<BackupRecord> backups, Instant now) {
        Set<String> schedules = new HashSet<>();
        backups.forEach(b -> schedules.add(b.schedule()));
        if (schedules.size() > 1) {
            throw new ArcaException.InvalidInput("retention is planned per schedule, but the backups belong to "
                    + schedules.size() + " schedules " + new TreeSet<>(schedules)
                    + "; plan each schedule on its own");
        }
        return plan(schedules.isEmpty() ? "" : schedules.iterator().next(), policy, backups, now);
    }

    private static void requireUniqueNames(String schedule, List<BackupRecord> backups) {
        Set<String> seen = new HashSet<>();
        for (BackupRecord backup : backups) {
            if (!seen.add(backup.name())) {
                throw new ArcaException.InvalidInput("schedule " + schedule + " lists backup " + backup.name()
                        + " twice; a backup name must be unique in its location: list the location again");
            }
        }
    }

    /** For each backup some count rule or minSuccessful keeps, every such rule, in a fixed order. */
    private static Map<String, List<String>> keepReasons(RetentionPolicy policy, List<BackupRecord> newestFirst) {
        Map<String, List<String>> reasons = new HashMap<>();
        if (policy.keepLast() > 0) {
            newest(newestFirst, BackupRecord::holdsData, policy.keepLast())
                    .forEach(b -> add(reasons, b, "keepLast " + policy.keepLast()));
        }
        policy.gfs().forEach((period, count) -> {
            Map<String, BackupRecord> newestPerBucket = new LinkedHashMap<>();
            for (BackupRecord b : newestFirst) {
                if (b.successful()) {
                    newestPerBucket.putIfAbsent(period.bucket(b.started(), policy.zone()), b);
                }
            }
            newestPerBucket.entrySet().stream().limit(count)
                    .forEach(e -> add(reasons, e.getValue(), period.label() + " " + e.getKey()));
        });
        if (policy.minSuccessful() > 0) {
            newest(newestFirst, BackupRecord::successful, policy.minSuccessful())
                    .forEach(b -> add(reasons, b, "newest " + policy.minSuccessful() + " successful (minSuccessful)"));
        }
        return reasons;
    }

    private static List<BackupRecord> newest(List<BackupRecord> newestFirst, Predicate<BackupRecord> counts, int n) {
        return newestFirst.stream().filter(counts).limit(n).toList();
    }

    private static void add(Map<String, List<String>> reasons, BackupRecord backup, String reason) {
        reasons.computeIfAbsent(backup.name(), k -> new ArrayList<>()).add(reason);
    }

    private static RetentionPlan.Entry entry(RetentionPolicy policy, BackupRecord backup, List<String> keep, Instant now) {
        List<String> delete = new ArrayList<>();
        if (keep.isEmpty()) {
            fallback(policy, backup, now, keep, delete);
        }
        if (backup.immutableAt(now)) {
            keep.add("immutable until " + backup.immutableUntil());
        }
        if (backup.leased()) {
            keep.add("leased by a restore");
        }
        if (backup.running()) {
            keep.add("in progress");
        }
        return keep.isEmpty()
                ? new RetentionPlan.Entry(backup, RetentionPlan.Decision.DELETE, delete)
                : new RetentionPlan.Entry(backup, RetentionPlan.Decision.KEEP, keep);
    }

    /** A backup no count rule keeps: counts decide where they cover it, otherwise ttl does. */
    private static void fallback(RetentionPolicy policy, BackupRecord backup, Instant now,
                                 List<String> keep, List<String> delete) {
        if (covered(policy, backup)) {
            delete.add("kept by no count rule");
        } else if (policy.ttl() == null) {
            keep.add(policy.hasCountRule()
                    ? "no count rule covers phase " + backup.phase() + " and no ttl is set"
                    : "no count rule and no ttl: the policy keeps everything");
        } else if (backup.started().plus(policy.ttl()).isAfter(now)) {
            keep.add("ttl " + format(policy.ttl()) + " not reached");
        } else {
            delete.add("kept by no rule, older than ttl " + format(policy.ttl()));
        }
    }

    /** A count rule that is set could keep this backup (by its phase), so counts decide its fate. */
    static boolean covered(RetentionPolicy policy, BackupRecord backup) {
        return (policy.keepLast() > 0 && backup.holdsData()) || (!policy.gfs().isEmpty() && backup.successful());
    }

    private static List<String> notes(RetentionPolicy policy, int otherSchedules) {
        List<String> notes = new ArrayList<>();
        if (policy.keepsEverything()) {
            notes.add("the policy keeps everything: no count rule and no ttl are set");
        }
        if (otherSchedules > 0) {
            notes.add(otherSchedules + " backup(s) of other schedules left out");
        }
        return notes;
    }

    /** {@code 720h}, {@code 90m}, {@code 45s}: the largest whole unit (ISO-8601 below a second). */
    static String format(Duration d) {
        if (d.getNano() != 0) {
            return d.toString();
        }
        long s = d.getSeconds();
        return s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
    }
}
