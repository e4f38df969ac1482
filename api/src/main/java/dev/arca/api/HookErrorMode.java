package dev.arca.api;

/** What a hook's failure (non-zero exit, timeout, no such container) does to its run, as Velero's {@code onError}. */
public enum HookErrorMode {
    /** The run fails (a backup whose pre hook fails is Failed). */
    Fail,
    /** The failure is a warning and the run goes on. */
    Continue;

    /** Parses Velero's spelling ({@code Fail}, {@code Continue}, any case); {@code where} names the hook for the error. */
    public static HookErrorMode parse(String where, String text) {
        for (HookErrorMode mode : values()) {
            if (mode.name().equalsIgnoreCase(text.strip())) {
                return mode;
            }
        }
        throw new ArcaException.InvalidInput(where + " is \"" + text + "\"; use Fail or Continue");
    }
}
