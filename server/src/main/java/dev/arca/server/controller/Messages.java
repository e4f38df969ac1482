package dev.arca.server.controller;

/** One-line descriptions of failures for status and Events: never "null", never a stack trace. */
public final class Messages {
    private Messages() {
    }

    /** The exception's message, or its type and that of its cause when it has none. */
    public static String describe(Throwable e) {
        String message = e.getMessage();
        if (message != null && !message.isBlank()) {
            return message.strip();
        }
        Throwable cause = e.getCause();
        return e.getClass().getSimpleName() + (cause == null ? " without a message"
                : " caused by " + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
    }
}
