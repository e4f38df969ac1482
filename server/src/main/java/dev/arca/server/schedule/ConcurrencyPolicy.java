package dev.arca.server.schedule;

import dev.arca.api.ArcaException;
import java.util.Arrays;
import java.util.Locale;

/**
 * What a schedule does when its time comes while a backup it started is still running. The
 * default, {@link #FORBID}, never starts a second one and never queues one (Velero #3554, #5989).
 */
public enum ConcurrencyPolicy {
    /** Skip this run and report why; the running backup continues. */
    FORBID("Forbid"),
    /** Start this run beside the running one. */
    ALLOW("Allow"),
    /** Cancel the running backup, then start this run. */
    REPLACE("Replace");

    private final String specName;

    ConcurrencyPolicy(String specName) {
        this.specName = specName;
    }

    /** The name used in a Schedule's spec ({@code Forbid}, {@code Allow}, {@code Replace}). */
    public String specName() {
        return specName;
    }

    /** Reads the spec value; null or blank is the default {@link #FORBID}. Case-insensitive. */
    public static ConcurrencyPolicy fromSpec(String value) {
        if (value == null || value.isBlank()) {
            return FORBID;
        }
        return Arrays.stream(values())
                .filter(p -> p.specName.toLowerCase(Locale.ROOT).equals(value.trim().toLowerCase(Locale.ROOT)))
                .findFirst()
                .orElseThrow(() -> new ArcaException.InvalidInput("unknown concurrencyPolicy \"" + value
                        + "\": use Forbid (the default), Allow or Replace"));
    }

    /** What to do at a due run, and why. */
    public enum Action { START, SKIP, CANCEL_RUNNING_THEN_START }

    /** The decision with a sentence for an Event or a status condition. */
    public record Decision(Action action, String reason) {
    }

    /**
     * Decides for a due run of {@code schedule}.
     *
     * @param runningBackup the name of this schedule's backup still in progress, or null if none
     */
    public Decision decide(String schedule, String runningBackup) {
        if (runningBackup == null) {
            return new Decision(Action.START, "no backup of schedule \"" + schedule + "\" is running");
        }
        return switch (this) {
            case FORBID -> new Decision(Action.SKIP, "skipped this run of schedule \"" + schedule
                    + "\": backup \"" + runningBackup + "\" is still running and concurrencyPolicy is"
                    + " Forbid; set it to Allow or Replace to change this");
            case ALLOW -> new Decision(Action.START, "backup \"" + runningBackup + "\" is still running;"
                    + " starting another beside it (concurrencyPolicy Allow)");
            case REPLACE -> new Decision(Action.CANCEL_RUNNING_THEN_START, "cancelling backup \""
                    + runningBackup + "\" to start this run of schedule \"" + schedule
                    + "\" (concurrencyPolicy Replace)");
        };
    }
}
