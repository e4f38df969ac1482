package dev.arca.fleet.hub;

/** Error text for conditions and Events: what failed and why, by the server's rule (never "null", never a secret). */
final class Messages {
    private Messages() {
    }

    /** {@code call}, then the exception as {@link dev.arca.server.controller.Messages#describe} words it. */
    static String describe(Throwable e, String call) {
        return call + ": " + dev.arca.server.controller.Messages.describe(e);
    }
}
