package dev.arca.storage.azure;

import com.azure.storage.blob.models.BlobStorageException;
import dev.arca.api.ArcaException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns Azure SDK exceptions into Arca's outcomes: a missing blob is {@code NotFound}; a missing
 * container or refused credentials is {@code InvalidInput} saying what to fix; 5xx, throttling,
 * timeouts and I/O are {@code Transient}. Messages name the store by
 * {@link AzureSettings#describe()} and the service's error code, never a key or a SAS: the
 * service's own text is left out of access errors and scrubbed of signatures elsewhere.
 */
final class AzureErrors {
    private static final Set<String> AUTH_CODES = Set.of("AuthenticationFailed", "AuthorizationFailure",
            "AuthorizationPermissionMismatch", "AuthorizationProtocolMismatch", "AuthorizationResourceTypeMismatch",
            "AuthorizationServiceMismatch", "AuthorizationSourceIPMismatch", "InsufficientAccountPermissions",
            "AccountIsDisabled", "InvalidAuthenticationInfo", "NoAuthenticationInformation");
    private static final Set<String> TRANSIENT_CODES = Set.of("ServerBusy", "InternalError", "OperationTimedOut");
    private static final Pattern MESSAGE = Pattern.compile("<Message>([^<\\r\\n]*)");
    private static final Pattern SIGNATURE = Pattern.compile("(?i)(sig=)[^&\\s\"'<]*");

    private final AzureSettings settings;

    AzureErrors(AzureSettings settings) {
        this.settings = settings;
    }

    /**
     * Maps {@code e}, raised while doing {@code action} (e.g. "read", "list") on {@code what}
     * (e.g. "object backups/x/backup.json").
     */
    ArcaException map(String action, String what, RuntimeException e) {
        if (e instanceof ArcaException arca) {
            return arca;
        }
        if (e instanceof BlobStorageException service) {
            String code = service.getErrorCode() == null ? null : service.getErrorCode().toString();
            return service(action, what, service.getStatusCode(), code, service.getServiceMessage(), service);
        }
        String message = scrub(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        if (isTransient(e)) {
            return new ArcaException.Transient("cannot " + action + " " + what + " in " + settings.describe() + ": "
                    + message, e);
        }
        return new ArcaException.InvalidInput("cannot " + action + " " + what + " in " + settings.describe() + ": "
                + message + "; check the endpoint and the credentials", e);
    }

    /** The error for a container that does not exist. */
    ArcaException noSuchContainer(Throwable cause) {
        return new ArcaException.InvalidInput("azure container " + settings.container() + " does not exist at "
                + settings.endpoint() + "; create it or fix --container", cause);
    }

    ArcaException service(String action, String what, int status, String code, String serviceMessage, Throwable e) {
        String known = code == null ? "" : code; // Set.of(..).contains(null) throws
        if ("ContainerNotFound".equals(known)) {
            return noSuchContainer(e);
        }
        if ("BlobNotFound".equals(known) || status == 404) {
            return new ArcaException.NotFound(what + " not found in " + settings.describe());
        }
        if (status == 403 || status == 401 || AUTH_CODES.contains(known)) {
            return new ArcaException.InvalidInput("access denied to azure container " + settings.container() + " at "
                    + settings.endpoint() + ": " + (code == null ? "HTTP " + status : code)
                    + "; check the credentials", e);
        }
        String reason = (code == null ? "HTTP " + status : code + " (HTTP " + status + ")") + firstLine(serviceMessage);
        if (status >= 500 || status == 408 || status == 429 || TRANSIENT_CODES.contains(known)) {
            return new ArcaException.Transient("cannot " + action + " " + what + " in " + settings.describe() + ": "
                    + reason, e);
        }
        return new ArcaException.InvalidInput("cannot " + action + " " + what + " in " + settings.describe() + ": "
                + reason + "; check the location's settings", e);
    }

    /** Removes the signature of any SAS in {@code text}. */
    static String scrub(String text) {
        return text == null ? null : SIGNATURE.matcher(text).replaceAll("$1REDACTED");
    }

    /** The first line of the {@code <Message>} of the service's XML error, or "" (HEAD answers have no body). */
    private static String firstLine(String serviceMessage) {
        Matcher m = serviceMessage == null ? null : MESSAGE.matcher(serviceMessage);
        if (m == null || !m.find() || m.group(1).isBlank()) {
            return "";
        }
        return ": " + scrub(m.group(1).strip());
    }

    /** I/O failures and timeouts may pass; anything else (a bad URL, an answer that is not Azure's) will not. */
    private static boolean isTransient(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof UncheckedIOException || t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }
}
