package dev.arca.cli;

import dev.arca.api.Durations;
import dev.arca.api.ArcaException;
import dev.arca.server.resources.BackupResourceSpec;
import dev.arca.server.resources.RetentionSpec;
import dev.arca.server.resources.Schedule;
import dev.arca.server.resources.ScheduleConcurrencyPolicy;
import dev.arca.server.resources.ScheduleSpec;
import dev.arca.server.retention.RetentionSpecs;
import dev.arca.server.schedule.ScheduleTiming;
import dev.arca.server.schedule.ScheduleValidation;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code arca schedule create NAME --schedule CRON ...}: checks the whole spec here (timing,
 * durations, retention) and reports every problem at once before anything is sent, then creates
 * the Schedule resource for the server to run; an existing one of that name is left alone.
 */
@Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Create a Schedule resource: the server backs up by its template at cron times and prunes by its retention.")
final class ScheduleCreateCommand extends ServerContext implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", description = "The schedule's name (its backups are named NAME-yyyyMMddHHmmss).")
    String name;
    @Option(names = "--schedule", required = true, paramLabel = "CRON",
            description = "5-field cron ('0 2 * * *'), @hourly, @daily, @weekly, @monthly, @yearly or '@every 6h'.")
    String schedule;
    @Option(names = "--time-zone", paramLabel = "TZ", description = "IANA zone the cron fields are read in (default: UTC).")
    String timeZone;
    @Mixin FilterOptions filters;
    @Option(names = "--or-selector", description = "Items matching any of these selectors, joined by ' or '.")
    String orSelector;
    @Option(names = "--storage-location", paramLabel = "LOCATION",
            description = "The BackupLocation the backups go to (default: the server's default location).")
    String storageLocation;
    @Option(names = "--ttl", paramLabel = "D", description = "How long each backup is kept (default: 720h).")
    String ttl;
    @Option(names = "--default-volumes-to-fs-backup", description = "Back up the data of every PVC-backed pod volume.")
    boolean defaultVolumesToFsBackup;
    @Option(names = "--resource-policies-file", paramLabel = "FILE", description = "Volume policy in Velero's format "
            + "(volumePolicies: conditions storageClass/capacity, action skip or fs-backup), copied into the template.")
    java.nio.file.Path policyFile;
    @ArgGroup(exclusive = false, heading = "Retention (0 or unset: rule off; see docs/retention.md):%n")
    Retention retention = new Retention();
    @Option(names = "--paused", description = "Create it paused: no runs until 'arca schedule unpause'.")
    boolean paused;
    @Option(names = "--skip-immediately", description = "On unpause, skip the runs missed while paused.")
    boolean skipImmediately;
    @Option(names = "--concurrency-policy", paramLabel = "POLICY",
            description = "When a run is due while the last still runs: ${COMPLETION-CANDIDATES} (default: Forbid).")
    ScheduleConcurrencyPolicy concurrencyPolicy;
    @Option(names = "--starting-deadline", paramLabel = "D",
            description = "A missed run starts late only within this long of its time (default: no limit).")
    String startingDeadline;

    /** The retention flags, named after RetentionSpec's fields. */
    static final class Retention {
        @Option(names = "--keep-last", paramLabel = "N", description = "Keep the newest N backups that hold data.") Integer keepLast;
        @Option(names = "--keep-hourly", paramLabel = "N", description = "Keep the newest successful backup of each of the newest N hours.") Integer hourly;
        @Option(names = "--keep-daily", paramLabel = "N", description = "The same per day.") Integer daily;
        @Option(names = "--keep-weekly", paramLabel = "N", description = "The same per ISO week.") Integer weekly;
        @Option(names = "--keep-monthly", paramLabel = "N", description = "The same per month.") Integer monthly;
        @Option(names = "--keep-yearly", paramLabel = "N", description = "The same per year.") Integer yearly;
        @Option(names = "--min-successful", paramLabel = "N", description = "Never delete the newest N successful backups.") Integer minSuccessful;
        @Option(names = "--retention-ttl", paramLabel = "D", description = "Delete backups no count rule covers once this old.") String ttl;
    }

    @Override
    public Integer call() {
        Schedule resource = new Schedule();
        resource.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        resource.setSpec(spec(validated()));
        try (KubernetesClient client = connect()) {
            create(client, resource);
        }
        spec.commandLine().getOut().printf("schedule \"%s\" created in namespace \"%s\"%s%n", name, namespace,
                paused ? " (paused)" : "; the Arca server runs it (see 'arca schedule get " + name + "')");
        return ExitCode.OK;
    }

    /** Every problem of the flags, or the retention spec when there are none. */
    private RetentionSpec validated() {
        Long deadline = startingDeadline == null ? null : Durations.parse("--starting-deadline", startingDeadline).getSeconds();
        List<String> problems = new ArrayList<>(ScheduleValidation.problems(name, schedule, timeZone, deadline,
                concurrencyPolicy == null ? null : concurrencyPolicy.name()));
        if (ttl != null) {
            Durations.parse("--ttl", ttl);
        }
        RetentionSpec retentionSpec = retentionSpec();
        problems.addAll(RetentionSpecs.problems(retentionSpec, zoneOrUtc()).stream().map(p -> "retention " + p).toList());
        if (!problems.isEmpty()) {
            throw new ArcaException.InvalidInput("schedule \"" + name + "\" not created: " + String.join("; ", problems));
        }
        return retentionSpec;
    }

    private ZoneId zoneOrUtc() {
        try {
            return ScheduleTiming.zone(timeZone);
        } catch (ArcaException.InvalidInput e) {
            return java.time.ZoneOffset.UTC; // already a problem of ScheduleValidation; do not report it twice
        }
    }

    private RetentionSpec retentionSpec() {
        RetentionSpec r = new RetentionSpec();
        r.setKeepLast(retention.keepLast);
        r.setHourly(retention.hourly);
        r.setDaily(retention.daily);
        r.setWeekly(retention.weekly);
        r.setMonthly(retention.monthly);
        r.setYearly(retention.yearly);
        r.setMinSuccessful(retention.minSuccessful);
        r.setTtl(retention.ttl == null ? null : retention.ttl.strip());
        boolean empty = Arrays.asList(r.getKeepLast(), r.getHourly(), r.getDaily(), r.getWeekly(), r.getMonthly(),
                r.getYearly(), r.getMinSuccessful(), r.getTtl()).stream().allMatch(java.util.Objects::isNull);
        return empty ? null : r;
    }

    private ScheduleSpec spec(RetentionSpec retentionSpec) {
        ScheduleSpec s = new ScheduleSpec();
        s.setSchedule(schedule.strip());
        s.setTimeZone(timeZone == null || timeZone.isBlank() ? null : timeZone.strip());
        s.setPaused(paused ? Boolean.TRUE : null);
        s.setSkipImmediately(skipImmediately ? Boolean.TRUE : null);
        s.setConcurrencyPolicy(concurrencyPolicy);
        s.setStartingDeadlineSeconds(startingDeadline == null ? null : Durations.parse("--starting-deadline", startingDeadline).getSeconds());
        s.setTemplate(template());
        s.setRetention(retentionSpec);
        return s;
    }

    private BackupResourceSpec template() {
        BackupResourceSpec t = filters.copyTo(new BackupResourceSpec());
        t.setOrLabelSelectors(BackupCreateCommand.orSelectors(orSelector));
        t.setStorageLocation(storageLocation);
        t.setTtl(ttl == null ? null : ttl.strip());
        t.setDefaultVolumesToFsBackup(defaultVolumesToFsBackup ? Boolean.TRUE : null);
        if (policyFile != null) {
            dev.arca.server.resources.VolumePolicySpec policy = new dev.arca.server.resources.VolumePolicySpec();
            policy.setRules(VolumePolicyFile.read(policyFile).rules().stream().map(r -> {
                dev.arca.server.resources.VolumePolicyRule rule = new dev.arca.server.resources.VolumePolicyRule();
                rule.setStorageClasses(r.storageClasses().isEmpty() ? null : r.storageClasses());
                rule.setCapacity(r.capacity());
                rule.setAction(r.action());
                return rule;
            }).toList());
            t.setVolumePolicy(policy);
        }
        return t;
    }

    /** Creates it if absent: a schedule of that name is an error (409), never overwritten. */
    private void create(KubernetesClient client, Schedule resource) {
        try {
            client.resources(Schedule.class).inNamespace(namespace).resource(resource).create();
        } catch (KubernetesClientException e) {
            throw switch (e.getCode()) {
                case 409 -> new ArcaException.InvalidInput("schedule \"" + name + "\" already exists in namespace \"" + namespace
                        + "\"; pick another name, or delete it first with 'arca schedule delete " + name + "'");
                case 404 -> explainNotFound(client, Schedule.class, "schedules", e);
                case 422 -> new ArcaException.InvalidInput("the API server refused schedule \"" + name + "\": " + statusMessage(e));
                default -> e;
            };
        }
    }
}
