package dev.arca.storage.s3;

import dev.arca.api.ArcaException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns AWS SDK exceptions into Arca's outcomes: a missing object is {@code NotFound}; a missing
 * bucket, refused credentials or a wrong region is {@code InvalidInput} saying what to fix; 5xx,
 * throttling and I/O are {@code Transient}. Messages name the store by
 * {@link S3Settings#describe()} and the server's error code, never a credential.
 */
final class S3Errors {
    private static final Set<String> AUTH_CODES = Set.of("AccessDenied", "InvalidAccessKeyId",
            "SignatureDoesNotMatch", "InvalidToken", "ExpiredToken", "InvalidSecurity", "AccountProblem");
    private static final Set<String> TRANSIENT_CODES = Set.of("InternalError", "ServiceUnavailable", "SlowDown",
            "Throttling", "ThrottlingException", "RequestLimitExceeded", "RequestTimeout", "OperationAborted");
    private static final Set<String> REGION_CODES = Set.of("PermanentRedirect", "AuthorizationHeaderMalformed",
            "IllegalLocationConstraintException");

    private final S3Settings settings;

    S3Errors(S3Settings settings) {
        this.settings = settings;
    }

    /**
     * Maps {@code e}, raised while doing {@code action} (e.g. "read", "list") on {@code what}
     * (e.g. "object backups/x/backup.json").
     */
    ArcaException map(String action, String what, SdkException e) {
        if (e instanceof AwsServiceException service) {
            return service(action, what, service);
        }
        if (e instanceof SdkClientException && !isTransient(e)) {
            return new ArcaException.InvalidInput("cannot " + action + " " + what + " in " + settings.describe()
                    + ": " + e.getMessage() + "; check the endpoint, region and credentials", e);
        }
        return new ArcaException.Transient("cannot " + action + " " + what + " in " + settings.describe() + ": "
                + e.getMessage(), e);
    }

    /** The error for a bucket that does not exist. */
    ArcaException noSuchBucket(Throwable cause) {
        return new ArcaException.InvalidInput("s3 bucket " + settings.bucket() + " does not exist at "
                + settings.endpointDescription() + "; create it or fix --bucket", cause);
    }

    private ArcaException service(String action, String what, AwsServiceException e) {
        int status = e.statusCode();
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        String known = code == null ? "" : code; // Set.of(..).contains(null) throws
        if ("NoSuchBucket".equals(code)) {
            return noSuchBucket(e);
        }
        if ("NoSuchKey".equals(code) || status == 404) {
            return new ArcaException.NotFound(what + " not found in " + settings.describe());
        }
        if (status == 403 || AUTH_CODES.contains(known)) {
            return new ArcaException.InvalidInput("access denied to " + settings.describe() + ": "
                    + (code == null ? "AccessDenied (HTTP " + status + ")" : code) + "; check the credentials", e);
        }
        String reason = (code == null ? "HTTP " + status : code + " (HTTP " + status + ")") + serverMessage(e);
        if (status >= 500 || status == 429 || e.isThrottlingException() || TRANSIENT_CODES.contains(known)) {
            return new ArcaException.Transient("cannot " + action + " " + what + " in " + settings.describe() + ": "
                    + reason, e);
        }
        if (REGION_CODES.contains(known)) {
            return new ArcaException.InvalidInput("cannot " + action + " " + what + " in " + settings.describe() + ": "
                    + reason + "; the bucket may be in another region: set --region", e);
        }
        return new ArcaException.InvalidInput("cannot " + action + " " + what + " in " + settings.describe() + ": "
                + reason + "; check the location's settings", e);
    }

    private static String serverMessage(AwsServiceException e) {
        String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
        return message == null || message.isBlank() ? "" : ": " + message;
    }

    /** I/O failures and timeouts may pass; a client-side configuration problem (no credentials) will not. */
    private static boolean isTransient(Throwable e) {
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof UncheckedIOException) {
                return true;
            }
        }
        return false;
    }
}
