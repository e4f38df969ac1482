package dev.arca.api;

/**
 * Root of every error Arca raises. A message says what happened, which object, and what to do
 * next. Subtypes map to outcomes (and CLI exit codes): invalid input, not found, corrupt data,
 * transient failure.
 */
public class ArcaException extends RuntimeException {
    public ArcaException(String message) {
        super(message);
    }

    public ArcaException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Input that can never succeed as given: a bad flag, a malformed spec, a forbidden write. */
    public static class InvalidInput extends ArcaException {
        public InvalidInput(String message) {
            super(message);
        }

        public InvalidInput(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A named thing (backup, restore, location, object) does not exist. */
    public static class NotFound extends ArcaException {
        public NotFound(String message) {
            super(message);
        }
    }

    /** Stored data failed verification: a checksum mismatch, a truncated or unreadable archive. */
    public static class Corrupt extends ArcaException {
        public Corrupt(String message) {
            super(message);
        }

        public Corrupt(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A failure that may succeed when retried: network, throttling, a 5xx from a server. */
    public static class Transient extends ArcaException {
        public Transient(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
