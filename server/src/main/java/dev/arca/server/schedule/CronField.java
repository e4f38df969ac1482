package dev.arca.server.schedule;

import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * One field of a cron expression: its name, its range and the names it accepts. Parses lists
 * ({@code 1,15}), ranges ({@code 1-5}, {@code MON-FRI}), steps ({@code *}{@code /15},
 * {@code 0-30/10}, {@code 5/15} meaning 5 to the field's end) and {@code *} or {@code ?}.
 */
enum CronField {
    MINUTE("minute", 0, 59, List.of()),
    HOUR("hour", 0, 23, List.of()),
    DAY_OF_MONTH("day-of-month", 1, 31, List.of()),
    MONTH("month", 1, 12, List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
            "OCT", "NOV", "DEC")),
    /** 0 and 7 are both Sunday. */
    DAY_OF_WEEK("day-of-week", 0, 7, List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"));

    final String label;
    final int min;
    final int max;
    private final List<String> names;

    CronField(String label, int min, int max, List<String> names) {
        this.label = label;
        this.min = min;
        this.max = max;
        this.names = names;
    }

    /** The values this field matches; day-of-week 7 is folded into 0. */
    BitSet parse(String expression, String field) {
        BitSet values = new BitSet();
        for (String part : field.split(",", -1)) {
            parsePart(expression, part, values);
        }
        if (this == DAY_OF_WEEK && values.get(7)) {
            values.clear(7);
            values.set(0);
        }
        return values;
    }

    private void parsePart(String expression, String part, BitSet values) {
        String[] rangeAndStep = part.split("/", -1);
        if (part.isEmpty() || rangeAndStep.length > 2) {
            throw problem(expression, "\"" + part + "\" is not a value, range or step");
        }
        String range = rangeAndStep[0];
        int step = rangeAndStep.length == 2 ? step(expression, rangeAndStep[1]) : 1;
        int top = this == DAY_OF_WEEK ? 6 : max;
        int start;
        int end;
        if (range.equals("*") || range.equals("?")) {
            start = min;
            end = top;
        } else if (range.contains("-")) {
            String[] bounds = range.split("-", -1);
            if (bounds.length != 2) {
                throw problem(expression, "\"" + range + "\" is not a range like 1-5");
            }
            start = value(expression, bounds[0]);
            end = value(expression, bounds[1]);
            if (start > end) {
                throw problem(expression, "the range \"" + range + "\" starts after it ends");
            }
        } else {
            start = value(expression, range);
            end = rangeAndStep.length == 2 ? Math.max(top, start) : start;
        }
        for (int v = start; v <= end; v += step) {
            values.set(v);
        }
    }

    private int step(String expression, String text) {
        if (!text.matches("\\d{1,4}") || Integer.parseInt(text) == 0) {
            throw problem(expression, "the step \"/" + text + "\" must be a whole number of at least 1");
        }
        return Integer.parseInt(text);
    }

    private int value(String expression, String text) {
        int index = names.indexOf(text.toUpperCase(Locale.ROOT));
        if (index >= 0) {
            return index + (this == MONTH ? 1 : 0);
        }
        if (!text.matches("\\d{1,4}")) {
            String allowed = names.isEmpty() ? "" : " or a name " + names.get(0) + "-" + names.get(names.size() - 1);
            throw problem(expression, "\"" + text + "\" is not a number" + allowed);
        }
        int value = Integer.parseInt(text);
        if (value < min || value > max) {
            throw problem(expression, "the value " + value + " is out of range " + min + "-" + max);
        }
        return value;
    }

    private RuntimeException problem(String expression, String what) {
        return ScheduleExpression.invalid(expression, "in the " + label + " field, " + what);
    }
}
