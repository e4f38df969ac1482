package dev.arca.fleet.store;

/** Checks of the text fields of history records. */
final class Texts {
    private Texts() {
    }

    static void require(String value, String field, int max) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a history record needs a non-blank '" + field + "'");
        }
        optional(value, field, max);
    }

    static void optional(String value, String field, int max) {
        if (value != null && value.length() > max) {
            throw new IllegalArgumentException("history record field '" + field + "' is " + value.length()
                    + " characters long, more than " + max + ": it takes a reference, not an object's contents");
        }
        if (value != null && value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("history record field '" + field + "' contains a NUL character, "
                    + "which PostgreSQL text cannot store");
        }
    }
}
