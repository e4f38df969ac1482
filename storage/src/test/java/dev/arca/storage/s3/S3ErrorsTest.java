package dev.arca.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.api.ArcaException;
import java.net.ConnectException;
import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Error mapping for answers a local s3proxy does not give (5xx, throttling, redirects); the rest is in S3ObjectStoreIT. */
class S3ErrorsTest {
    private final S3Errors errors = new S3Errors(new S3Settings("b1b", "p", URI.create("http://s3.local:9000"),
            null, true, null, null, false));

    @Test
    void serverErrorsAndThrottlingAreTransient() {
        assertThat(errors.map("read", "object k", error(503, "ServiceUnavailable")))
                .isInstanceOf(ArcaException.Transient.class)
                .hasMessage("cannot read object k in s3 bucket b1b/p at http://s3.local:9000: "
                        + "ServiceUnavailable (HTTP 503): server says no");
        assertThat(errors.map("write", "object k", error(503, "SlowDown"))).isInstanceOf(ArcaException.Transient.class);
        assertThat(errors.map("list", "keys", error(429, null))).isInstanceOf(ArcaException.Transient.class);
        assertThat(errors.map("read", "object k", error(400, "RequestTimeout"))).isInstanceOf(ArcaException.Transient.class);
    }

    @Test
    void ioFailuresAreTransientAndOtherClientFailuresAreInvalidInput() {
        SdkClientException io = SdkClientException.builder().message("Unable to execute HTTP request")
                .cause(new ConnectException("Connection refused")).build();
        SdkClientException noCredentials = SdkClientException.builder()
                .message("Unable to load credentials from any of the providers in the chain").build();

        assertThat(errors.map("list", "keys", io)).isInstanceOf(ArcaException.Transient.class);
        assertThat(errors.map("list", "keys", noCredentials)).isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("check the endpoint, region and credentials");
    }

    @Test
    void missingKeysAreNotFoundAndMissingBucketsSayToCreateThem() {
        assertThat(errors.map("read", "object k", error(404, "NoSuchKey"))).isInstanceOf(ArcaException.NotFound.class)
                .hasMessage("object k not found in s3 bucket b1b/p at http://s3.local:9000");
        assertThat(errors.map("read", "object k", error(404, null))).isInstanceOf(ArcaException.NotFound.class);
        assertThat(errors.map("read", "object k", error(404, "NoSuchBucket")))
                .isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessage("s3 bucket b1b does not exist at http://s3.local:9000; create it or fix --bucket");
    }

    @Test
    void refusedCredentialsAndWrongRegionsAreInvalidInputSayingWhatToCheck() {
        assertThat(errors.map("read", "object k", error(403, null))).isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessage("access denied to s3 bucket b1b/p at http://s3.local:9000: AccessDenied (HTTP 403); "
                        + "check the credentials");
        assertThat(errors.map("read", "object k", error(400, "InvalidAccessKeyId")))
                .hasMessageContaining("InvalidAccessKeyId; check the credentials");
        assertThat(errors.map("list", "keys", error(301, "PermanentRedirect")))
                .isInstanceOf(ArcaException.InvalidInput.class).hasMessageContaining("--region");
    }

    private static S3Exception error(int status, String code) {
        return (S3Exception) S3Exception.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("server says no").build())
                .message("server says no").build();
    }
}
