package dev.arca.server.schedule;

import dev.arca.api.ArcaException;
import java.util.Locale;

/**
 * A schedule's expression as a user writes it: either a 5-field cron expression (or one of its
 * nicknames) or Velero's {@code @every <duration>}. Parsing never depends on a time zone.
 */
public sealed interface ScheduleExpression permits CronExpression, EveryExpression {

    /** An example shown in every parse error, so the user sees a valid form. */
    String EXAMPLES = "'0 2 * * *' (02:00 every day), '@daily' or '@every 6h'";

    /** The expression as the user wrote it (trimmed). */
    String text();

    /**
     * Parses {@code text}.
     *
     * @throws ArcaException.InvalidInput naming the expression, what is wrong and a valid example
     */
    static ScheduleExpression parse(String text) {
        if (text == null || text.isBlank()) {
            throw invalid(String.valueOf(text), "it is empty");
        }
        String trimmed = text.trim();
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (lower.startsWith("tz=") || lower.startsWith("cron_tz=")) {
            throw invalid(trimmed, "a time zone prefix is not accepted here; put the zone in the"
                    + " schedule's timeZone field (e.g. \"Europe/Paris\") instead");
        }
        if (lower.startsWith("@every")) {
            return EveryExpression.parse(trimmed);
        }
        return CronExpression.parse(trimmed);
    }

    static ArcaException.InvalidInput invalid(String text, String problem) {
        return new ArcaException.InvalidInput("invalid schedule \"" + text + "\": " + problem
                + "; write 5 cron fields (minute hour day-of-month month day-of-week), a nickname"
                + " (@hourly @daily @midnight @weekly @monthly @yearly @annually) or '@every"
                + " <duration>', e.g. " + EXAMPLES);
    }
}
