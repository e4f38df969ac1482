package dev.arca.server.schedule;

import dev.arca.api.ArcaException;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a schedule's timing fields and reports every problem at once, each a sentence that
 * names the field and says how to fix it; the reconciler puts them in a status condition.
 */
public final class ScheduleValidation {

    private ScheduleValidation() {
    }

    /**
     * The problems with these fields; empty when the schedule can run.
     *
     * @param name the Schedule's name
     * @param schedule its expression
     * @param timeZone its zone name, or null for UTC
     * @param startingDeadlineSeconds its deadline, or null for none
     * @param concurrencyPolicy its policy name, or null for Forbid
     */
    public static List<String> problems(String name, String schedule, String timeZone, Long startingDeadlineSeconds,
            String concurrencyPolicy) {
        List<String> problems = new ArrayList<>();
        BackupNames.problem(name).ifPresent(problems::add);
        check(problems, () -> ScheduleExpression.parse(schedule));
        check(problems, () -> ScheduleTiming.zone(timeZone));
        check(problems, () -> ConcurrencyPolicy.fromSpec(concurrencyPolicy));
        if (startingDeadlineSeconds != null && startingDeadlineSeconds < 0) {
            problems.add("startingDeadlineSeconds is " + startingDeadlineSeconds + "; it must be 0 or more"
                    + " (seconds a missed run may still start late), or left out for no limit");
        }
        return List.copyOf(problems);
    }

    private static void check(List<String> problems, Runnable parse) {
        try {
            parse.run();
        } catch (ArcaException.InvalidInput e) {
            problems.add(e.getMessage());
        }
    }
}
