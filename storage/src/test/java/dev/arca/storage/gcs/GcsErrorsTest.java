package dev.arca.storage.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.auth.Retryable;
import com.google.cloud.storage.StorageException;
import dev.arca.api.ArcaException;
import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/** Error mapping for every class of answer; {@link GcsObjectStoreHttpTest} checks a few through the library's HTTP stack. */
class GcsErrorsTest {
    private final GcsErrors errors = new GcsErrors(new GcsSettings("b1b", "p", null, null, null));

    @Test
    void missingObjectsAreNotFoundNamingTheObjectAndTheStore() {
        assertThat(errors.map("read", "object k", new StorageException(404, "No such object: b1b/p/k")))
                .isInstanceOf(ArcaException.NotFound.class).hasMessage("object k not found in gcs bucket b1b/p");
    }

    @Test
    void refusedRequestsAreInvalidInputSayingToCheckTheServiceAccount() {
        StorageException forbidden = new StorageException(403,
                "arca@p.iam.gserviceaccount.com does not have storage.objects.get access\nto the object", "forbidden", null);

        assertThat(errors.map("read", "object k", forbidden)).isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessage("access denied to gcs bucket b1b/p: HTTP 403 forbidden: arca@p.iam.gserviceaccount.com "
                        + "does not have storage.objects.get access; check the service-account credentials");
        assertThat(errors.map("list", "keys", new StorageException(401, "Invalid Credentials")))
                .isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageStartingWith("access denied to gcs bucket b1b/p: HTTP 401")
                .hasMessageEndingWith("; check the service-account credentials");
    }

    @Test
    void aKeyTheTokenEndpointRefusesIsInvalidInputButATokenEndpointOutageIsTransient() {
        StorageException refused = new StorageException(new RefusedToken("Error getting access token: 400 Bad Request", false));
        StorageException outage = new StorageException(new RefusedToken("Error getting access token: 503", true));

        assertThat(errors.map("list", "keys", refused)).isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessage("access denied to gcs bucket b1b/p: RefusedToken: Error getting access token: 400 Bad Request; "
                        + "check the service-account credentials");
        assertThat(errors.map("list", "keys", outage)).isInstanceOf(ArcaException.Transient.class);
    }

    @Test
    void throttlingServerErrorsTimeoutsAndIoAreTransient() {
        for (int code : new int[] {408, 429, 500, 502, 503}) {
            assertThat(errors.map("write", "object k", new StorageException(code, "try later")))
                    .as("HTTP %d", code).isInstanceOf(ArcaException.Transient.class)
                    .hasMessage("cannot write object k in gcs bucket b1b/p: HTTP " + code + ": try later");
        }
        assertThat(errors.map("read", "object k", new IOException("read", new StorageException(new ConnectException("refused")))))
                .isInstanceOf(ArcaException.Transient.class);
        assertThat(errors.map("list", "keys", new StorageException(0, "Connection reset", new java.net.SocketException("reset"))))
                .isInstanceOf(ArcaException.Transient.class);
    }

    @Test
    void otherClientErrorsAreInvalidInputSayingToCheckTheSettings() {
        assertThat(errors.map("write", "object k", new StorageException(400, "Invalid bucket name", "invalid", null)))
                .isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessage("cannot write object k in gcs bucket b1b/p: HTTP 400 invalid: Invalid bucket name; "
                        + "check the location's settings");
    }

    @Test
    void aMissingBucketSaysToCreateItAndNamesAnOverriddenEndpoint() {
        assertThat(errors.noSuchBucket(null)).hasMessage("gcs bucket b1b does not exist; create it or fix the bucket");
        GcsErrors local = new GcsErrors(new GcsSettings("b1b", "", null, null, java.net.URI.create("http://127.0.0.1:4443")));
        assertThat(local.noSuchBucket(null))
                .hasMessage("gcs bucket b1b does not exist at http://127.0.0.1:4443; create it or fix the bucket");
    }

    /** What google-auth raises when the token endpoint answers: an IOException that says whether to retry. */
    private static final class RefusedToken extends IOException implements Retryable {
        private final boolean retryable;

        RefusedToken(String message, boolean retryable) {
            super(message);
            this.retryable = retryable;
        }

        @Override
        public boolean isRetryable() {
            return retryable;
        }

        @Override
        public int getRetryCount() {
            return 0;
        }
    }
}
