package dev.arca.server.retention;

import static dev.arca.server.retention.RetentionPlan.Decision.KEEP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.arca.api.Phase;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Properties of the planner over random histories (0..300 backups over three years, random
 * phases, some immutable, leased or in progress, a few of another schedule) and random policies.
 * The test computes buckets and "newest" on its own, not through the planner's helpers.
 */
class RetentionPropertiesTest {
    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
    private static final long THREE_YEARS = Duration.ofDays(3 * 366).toSeconds();
    private static final List<ZoneId> ZONES = List.of(ZoneId.of("UTC"), ZoneId.of("Europe/Paris"),
            ZoneId.of("America/New_York"), ZoneId.of("Asia/Kolkata"), ZoneId.of("Pacific/Chatham"));
    /** Newest first, ties by greater name: written here again, not taken from BackupRecord. */
    private static final Comparator<BackupRecord> NEWEST = Comparator.comparing(BackupRecord::started,
            Comparator.reverseOrder()).thenComparing(BackupRecord::name, Comparator.reverseOrder());

    private final RetentionPlanner planner = new RetentionPlanner();

    @Test
    void everyRuleAndProtectionHoldsOverRandomHistoriesAndPolicies() {
        qt().withExamples(400).forAll(histories(), policies()).checkAssert((backups, policy) -> {
            RetentionPlan plan = planner.plan("nightly", policy, backups, NOW);
            List<BackupRecord> mine = backups.stream().filter(b -> b.schedule().equals("nightly")).sorted(NEWEST).toList();
            assertThat(plan.entries()).extracting(RetentionPlan.Entry::backup).containsExactlyElementsOf(mine);
            newest(mine, b -> b.phase() == Phase.Completed, policy.minSuccessful()).forEach(b -> assertKept(plan, b, "minSuccessful"));
            newest(mine, b -> b.phase() == Phase.Completed || b.phase() == Phase.PartiallyFailed, policy.keepLast())
                    .forEach(b -> assertKept(plan, b, "keepLast"));
            for (GfsPeriod period : GfsPeriod.values()) {
                newestPerBucket(mine, period, policy.zone()).stream().limit(count(policy, period))
                        .forEach(b -> assertKept(plan, b, period.label()));
            }
            mine.stream().filter(b -> b.immutableUntil() != null && b.immutableUntil().isAfter(NOW))
                    .forEach(b -> assertKept(plan, b, "immutable"));
            mine.stream().filter(BackupRecord::leased).forEach(b -> assertKept(plan, b, "leased"));
            mine.stream().filter(b -> b.inProgress() || b.phase() == Phase.New || b.phase() == Phase.InProgress)
                    .forEach(b -> assertKept(plan, b, "in progress"));
            plan.toDelete().forEach(b -> assertDeletedByARule(policy, b));
        });
    }

    @Test
    void planningAgainOverTheKeptBackupsAtTheSameInstantDeletesNothing() {
        qt().withExamples(400).forAll(histories(), policies()).checkAssert((backups, policy) -> {
            RetentionPlan first = planner.plan("nightly", policy, backups, NOW);
            RetentionPlan second = planner.plan("nightly", policy, first.toKeep(), NOW);
            assertThat(second.toDelete()).as("second plan over what the first kept").isEmpty();
            assertThat(second.entries()).extracting(RetentionPlan.Entry::reasons)
                    .as("the same reasons keep them").containsExactlyElementsOf(
                            first.entries().stream().filter(e -> e.decision() == KEEP).map(RetentionPlan.Entry::reasons).toList());
        });
    }

    private static void assertKept(RetentionPlan plan, BackupRecord b, String rule) {
        assertThat(plan.entry(b.name()).decision()).as("%s must keep %s", rule, b).isEqualTo(KEEP);
    }

    /** A deletion needs a rule: counts covering it, or a ttl it has passed. */
    private static void assertDeletedByARule(RetentionPolicy policy, BackupRecord b) {
        boolean covered = (policy.keepLast() > 0 && (b.phase() == Phase.Completed || b.phase() == Phase.PartiallyFailed))
                || (policy.hourly() + policy.daily() + policy.weekly() + policy.monthly() + policy.yearly() > 0
                    && b.phase() == Phase.Completed);
        boolean expired = policy.ttl() != null && !b.started().plus(policy.ttl()).isAfter(NOW);
        assertThat(covered || expired).as("%s deleted without a rule", b).isTrue();
    }

    private static List<BackupRecord> newest(List<BackupRecord> newestFirst, Predicate<BackupRecord> counts, int n) {
        return newestFirst.stream().filter(counts).limit(n).toList();
    }

    /** The newest successful backup of each bucket holding one, newest bucket first. */
    private static List<BackupRecord> newestPerBucket(List<BackupRecord> newestFirst, GfsPeriod period, ZoneId zone) {
        Function<ZonedDateTime, Object> key = switch (period) {
            case HOURLY -> t -> t.truncatedTo(ChronoUnit.HOURS).toInstant();
            case DAILY -> ZonedDateTime::toLocalDate;
            case WEEKLY -> t -> t.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTHLY -> t -> t.toLocalDate().withDayOfMonth(1);
            case YEARLY -> ZonedDateTime::getYear;
        };
        Map<Object, BackupRecord> buckets = new LinkedHashMap<>();
        newestFirst.stream().filter(b -> b.phase() == Phase.Completed)
                .forEach(b -> buckets.putIfAbsent(key.apply(b.started().atZone(zone)), b));
        return new ArrayList<>(buckets.values());
    }

    private static int count(RetentionPolicy p, GfsPeriod period) {
        return new int[] {p.hourly(), p.daily(), p.weekly(), p.monthly(), p.yearly()}[period.ordinal()];
    }

    private static Gen<List<BackupRecord>> histories() {
        // start times spread over three years, mixed with bursts in the last ten days rounded to the hour (ties)
        Gen<Long> age = longs().between(0, THREE_YEARS).mix(longs().between(0, 240).map(h -> h * 3600));
        Gen<BackupRecord> backup = age.zip(integers().between(0, 99), integers().between(0, 99),
                integers().between(0, 40), (secondsAgo, phase, flags, other) -> new BackupRecord("tmp",
                        other == 0 ? "other" : "nightly", NOW.minusSeconds(secondsAgo), phase(phase),
                        flags < 4 ? NOW.plusSeconds(60) : flags < 8 ? NOW : null, flags >= 8 && flags < 11,
                        flags >= 11 && flags < 13));
        return lists().of(backup).ofSizeBetween(0, 300).map(RetentionPropertiesTest::named);
    }

    /** Unique names in an order unrelated to time, so ties on time exercise the name order. */
    private static List<BackupRecord> named(List<BackupRecord> list) {
        List<BackupRecord> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            BackupRecord b = list.get(i);
            out.add(new BackupRecord(String.format("%s-%03d", b.schedule(), (i * 7919) % 1000), b.schedule(),
                    b.started(), b.phase(), b.immutableUntil(), b.leased(), b.inProgress()));
        }
        return out;
    }

    private static Phase phase(int p) {
        return p < 60 ? Phase.Completed : p < 75 ? Phase.PartiallyFailed : p < 90 ? Phase.Failed
                : p < 95 ? Phase.InProgress : Phase.New;
    }

    private static Gen<RetentionPolicy> policies() {
        Gen<Integer> small = integers().between(-3, 6).map(n -> Math.max(0, n)); // off about half the time
        Gen<List<Integer>> counts = lists().of(small).ofSize(7);
        Gen<Integer> ttlHours = integers().between(-1000, 3000);
        return counts.zip(ttlHours, integers().between(0, ZONES.size() - 1), (c, ttl, zone) -> new RetentionPolicy(
                c.get(0), c.get(1), c.get(2), c.get(3), c.get(4), c.get(5), c.get(6),
                ttl <= 0 ? null : Duration.ofHours(ttl), ZONES.get(zone)));
    }
}
