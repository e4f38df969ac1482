package dev.arca.storage.gcs;

import com.google.auth.Retryable;
import com.google.cloud.BaseServiceException;
import dev.arca.api.ArcaException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Turns google-cloud-storage failures into Arca's outcomes: a missing object is {@code NotFound};
 * a missing bucket or refused credentials (HTTP 401/403, or a token the service-account key cannot
 * obtain) is {@code InvalidInput} saying what to fix; 408, 429, 5xx and I/O are {@code Transient}.
 * Messages name the store by {@link GcsSettings#describe()} and the server's reason, never a key
 * or token.
 */
final class GcsErrors {
    private final GcsSettings settings;

    GcsErrors(GcsSettings settings) {
        this.settings = settings;
    }

    /**
     * Maps {@code e} (a {@code StorageException}, or an {@code IOException} a channel threw), raised
     * while doing {@code action} (e.g. "read", "list") on {@code what} (e.g. "object backups/x/backup.json").
     */
    ArcaException map(String action, String what, Throwable e) {
        BaseServiceException service = find(e, BaseServiceException.class);
        int code = service == null ? 0 : service.getCode();
        if (code == 404) {
            return new ArcaException.NotFound(what + " not found in " + settings.describe());
        }
        if (code == 401 || code == 403 || refusedCredentials(e)) {
            return new ArcaException.InvalidInput("access denied to " + settings.describe() + ": " + reason(service, e)
                    + "; check the service-account credentials", e);
        }
        String failure = "cannot " + action + " " + what + " in " + settings.describe() + ": " + reason(service, e);
        if (code == 408 || code == 429 || code >= 500 || (service != null && service.isRetryable()) || isIo(e)) {
            return new ArcaException.Transient(failure, e);
        }
        return new ArcaException.InvalidInput(failure + "; check the location's settings", e);
    }

    /** The error for a bucket that does not exist. */
    ArcaException noSuchBucket(Throwable cause) {
        return new ArcaException.InvalidInput("gcs bucket " + settings.bucket() + " does not exist"
                + (settings.endpoint() == null ? "" : " at " + settings.host()) + "; create it or fix the bucket", cause);
    }

    /** {@code HTTP 403 forbidden: server message}, or the first line of a client-side failure. */
    private static String reason(BaseServiceException service, Throwable e) {
        if (service != null && service.getCode() > 0) {
            String reason = service.getReason() == null ? "" : " " + service.getReason();
            return "HTTP " + service.getCode() + reason + firstLine(service.getMessage(), ": ");
        }
        Throwable deepest = e;
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        Throwable shown = refusedCredentials(e) ? find(e, Retryable.class, IOException.class) : deepest;
        String message = firstLine(shown.getMessage(), "");
        return shown.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }

    /** The token endpoint refused the key for good (revoked, deleted, wrong clock): retrying cannot help. */
    private static boolean refusedCredentials(Throwable e) {
        Throwable auth = find(e, Retryable.class, IOException.class);
        return auth != null && !((Retryable) auth).isRetryable();
    }

    private static boolean isIo(Throwable e) {
        return find(e, IOException.class) != null || find(e, UncheckedIOException.class) != null;
    }

    private static String firstLine(String message, String lead) {
        if (message == null || message.isBlank()) {
            return "";
        }
        int end = message.indexOf('\n');
        return lead + (end < 0 ? message : message.substring(0, end)).strip();
    }

    private static <T> T find(Throwable e, Class<T> type) {
        Throwable t = find(e, type, Throwable.class);
        return t == null ? null : type.cast(t);
    }

    /** The first throwable in the cause chain that is both a {@code type} and an {@code also}. */
    private static Throwable find(Throwable e, Class<?> type, Class<?> also) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t) && also.isInstance(t)) {
                return t;
            }
        }
        return null;
    }
}
