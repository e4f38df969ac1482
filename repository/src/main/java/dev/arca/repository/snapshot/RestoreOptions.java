package dev.arca.repository.snapshot;

/**
 * Which metadata a restore applies besides content.
 *
 * @param owners      set uid/gid as recorded; silently skipped when the process may not chown
 *                    (not root)
 * @param permissions set the mode bits (setuid/setgid/sticky included)
 * @param times       set modification times (files after their content, directories after their
 *                    children)
 */
public record RestoreOptions(boolean owners, boolean permissions, boolean times) {
    /** Everything. */
    public static final RestoreOptions ALL = new RestoreOptions(true, true, true);
}
