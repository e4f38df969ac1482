package dev.arca.server.schedule;

import dev.arca.api.ArcaException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Names of the backups a schedule makes: {@code <schedule>-<yyyyMMddHHmmss>} of the scheduled
 * time in UTC, as Velero names them. The same scheduled time always gives the same name, so a
 * reconciler that retries cannot make a second backup for one run.
 */
public final class BackupNames {

    /** Kubernetes' limit for a resource name (a DNS-1123 subdomain). */
    public static final int MAX_NAME_LENGTH = 253;
    /** The suffix {@code -yyyyMMddHHmmss}. */
    public static final int SUFFIX_LENGTH = 15;
    /** The longest schedule name whose backups still have valid names. */
    public static final int MAX_SCHEDULE_NAME_LENGTH = MAX_NAME_LENGTH - SUFFIX_LENGTH;

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    private static final Pattern DNS1123_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private BackupNames() {
    }

    /**
     * The backup name for the run of {@code schedule} scheduled at {@code scheduledTime}.
     *
     * @throws ArcaException.InvalidInput when the schedule name cannot make a valid backup name
     */
    public static String forRun(String schedule, Instant scheduledTime) {
        problem(schedule).ifPresent(p -> {
            throw new ArcaException.InvalidInput(p);
        });
        return schedule + "-" + STAMP.format(scheduledTime);
    }

    /** What is wrong with {@code schedule} as a schedule name, if anything. */
    public static Optional<String> problem(String schedule) {
        if (schedule == null || schedule.isEmpty()) {
            return Optional.of("the schedule has no name; give it one such as \"nightly\"");
        }
        if (schedule.length() > MAX_SCHEDULE_NAME_LENGTH) {
            return Optional.of("schedule name \"" + schedule.substring(0, 20) + "...\" is " + schedule.length()
                    + " characters long; the limit is " + MAX_SCHEDULE_NAME_LENGTH + " so that its backups' names ("
                    + "name + '-yyyyMMddHHmmss') stay within Kubernetes' " + MAX_NAME_LENGTH + "; choose a shorter name");
        }
        if (!DNS1123_SUBDOMAIN.matcher(schedule).matches()) {
            return Optional.of("schedule name \"" + schedule + "\" is not a valid Kubernetes name: use lower-case"
                    + " letters, digits, '-' and '.', starting and ending with a letter or digit, e.g. \"nightly-shop\"");
        }
        return Optional.empty();
    }
}
