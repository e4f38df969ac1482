package dev.arca.fleet.hub;

/** Error text for conditions and Events: never "null", never a secret (exception texts here carry none). */
final class Messages {
    private Messages() {
    }

    /** What failed ({@code call}) and why: the exception's message, or its type and its cause's. */
    static String describe(Throwable e, String call) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            Throwable cause = e.getCause();
            message = e.getClass().getSimpleName() + (cause == null ? " without a message"
                    : " caused by " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        }
        return call + ": " + message.strip();
    }
}
