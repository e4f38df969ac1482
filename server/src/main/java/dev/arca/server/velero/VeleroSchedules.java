package dev.arca.server.velero;

import dev.arca.server.resources.RetentionSpec;
import dev.arca.server.resources.Schedule;
import dev.arca.server.resources.ScheduleSpec;
import dev.arca.server.schedule.ScheduleValidation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Converts one Velero {@code Schedule} ({@code velero.io/v1}) into an Arca {@link Schedule}.
 */
final class VeleroSchedules {

    private static final Map<String, String> DROPPED = Map.of(
            "useOwnerReferencesInBackup", "Arca's backups outlive their schedule; deleting a Schedule never"
                    + " deletes its backups, retention does");

    private VeleroSchedules() {
    }

    static ImportedObject convert(VeleroObject velero) {
        List<String> notes = new ArrayList<>(velero.metadataNotes());
        Fields spec = velero.spec();
        ScheduleSpec arca = new ScheduleSpec();
        timing(velero.name(), spec, arca, notes);
        arca.setPaused(spec.bool("paused"));
        arca.setSkipImmediately(spec.bool("skipImmediately"));
        VeleroTemplate.Converted template = VeleroTemplate.convert(spec.object("template"), notes);
        arca.setTemplate(template.spec());
        if (template.ttl() != null) {
            template.spec().setTtl(template.ttl());
            RetentionSpec retention = new RetentionSpec();
            retention.setTtl(template.ttl());
            arca.setRetention(retention);
            notes.add("spec.template.ttl → spec.retention.ttl " + template.ttl() + " (and the template's ttl):"
                    + " with no count rule set, retention expires the schedule's backups by age as Velero's"
                    + " ttl does; add keepLast or daily/weekly/monthly counts to keep by count instead");
        }
        spec.dropRest(notes, DROPPED, "not a Velero Schedule field this importer knows");
        Schedule schedule = new Schedule();
        schedule.setMetadata(velero.arcaMetadata());
        schedule.setSpec(arca);
        return new ImportedObject(velero.source(), schedule, notes);
    }

    private static void timing(String name, Fields spec, ScheduleSpec arca, List<String> notes) {
        String raw = spec.text("schedule");
        if (raw == null || raw.isBlank()) {
            throw new ImportProblem("spec.schedule is missing; Velero and Arca both need a cron expression"
                    + " like '0 2 * * *' or '@every 6h'");
        }
        String expression = raw.trim();
        String zone = null;
        for (String prefix : List.of("CRON_TZ=", "TZ=")) {
            if (expression.startsWith(prefix)) {
                int space = expression.indexOf(' ');
                zone = space < 0 ? expression.substring(prefix.length()) : expression.substring(prefix.length(), space);
                expression = space < 0 ? "" : expression.substring(space).trim();
                notes.add("spec.schedule: the " + prefix + zone + " prefix moved to spec.timeZone " + zone
                        + " (Arca reads the cron fields in that zone, with the JVM's time-zone data)");
            }
        }
        List<String> problems = ScheduleValidation.problems(name, expression, zone, null, null);
        if (!problems.isEmpty()) {
            throw new ImportProblem("spec.schedule '" + raw + "': " + String.join("; ", problems));
        }
        arca.setSchedule(expression);
        arca.setTimeZone(zone);
    }
}
