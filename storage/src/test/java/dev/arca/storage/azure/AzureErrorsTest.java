package dev.arca.storage.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.storage.blob.models.BlobStorageException;
import dev.arca.api.ArcaException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Error mapping for answers Azurite does not give (5xx, throttling, timeouts); the rest is in AzureBlobObjectStoreIT. */
class AzureErrorsTest {
    private static final String WHERE = "azure container c1c/p at https://acct.blob.core.windows.net";
    private final AzureErrors errors = new AzureErrors(new AzureSettings("c1c", "p",
            URI.create("https://acct.blob.core.windows.net"), null, null, null));

    @Test
    void serverErrorsThrottlingAndTimeoutsAreTransientWithTheServicesMessage() {
        assertThat(errors.map("read", "object k", error(503, "ServerBusy")))
                .isInstanceOf(ArcaException.Transient.class)
                .hasMessage("cannot read object k in " + WHERE + ": ServerBusy (HTTP 503): The server is busy.");
        assertThat(errors.map("write", "object k", error(500, "InternalError"))).isInstanceOf(ArcaException.Transient.class);
        assertThat(errors.map("list", "keys", error(429, null))).isInstanceOf(ArcaException.Transient.class);
        assertThat(errors.map("list", "keys", error(408, null))).isInstanceOf(ArcaException.Transient.class)
                .hasMessageEndingWith(": HTTP 408: The server is busy.");
    }

    @Test
    void ioFailuresAndTimeoutsAreTransientAndOtherClientFailuresAreInvalidInput() {
        RuntimeException refused = new UncheckedIOException(new ConnectException("Connection refused"));
        RuntimeException timedOut = new RuntimeException(new TimeoutException("Did not observe any item"));
        RuntimeException badUrl = new IllegalArgumentException("no account in https://x/?sv=1&sig=s3cr3t");

        assertThat(errors.map("list", "keys", refused)).isInstanceOf(ArcaException.Transient.class);
        assertThat(errors.map("list", "keys", timedOut)).isInstanceOf(ArcaException.Transient.class);
        assertThat(errors.map("list", "keys", badUrl)).isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("check the endpoint and the credentials")
                .hasMessageContaining("sig=REDACTED").hasMessageNotContaining("s3cr3t");
    }

    @Test
    void missingBlobsAreNotFoundAndMissingContainersSayToCreateThem() {
        assertThat(errors.map("read", "object k", error(404, "BlobNotFound"))).isInstanceOf(ArcaException.NotFound.class)
                .hasMessage("object k not found in " + WHERE);
        assertThat(errors.map("read", "object k", error(404, null))).isInstanceOf(ArcaException.NotFound.class);
        assertThat(errors.map("read", "object k", error(404, "ContainerNotFound")))
                .isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessage("azure container c1c does not exist at https://acct.blob.core.windows.net; "
                        + "create it or fix --container");
    }

    @Test
    void refusedCredentialsAreInvalidInputWithTheCodeButNotTheServicesText() {
        assertThat(errors.map("read", "object k", error(403, "AuthenticationFailed")))
                .isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessage("access denied to azure container c1c at https://acct.blob.core.windows.net: "
                        + "AuthenticationFailed; check the credentials");
        assertThat(errors.map("read", "object k", error(403, null))).hasMessageContaining(": HTTP 403; check the");
        assertThat(errors.map("read", "object k", error(400, "InvalidAuthenticationInfo")))
                .isInstanceOf(ArcaException.InvalidInput.class).hasMessageNotContaining("busy");
    }

    @Test
    void otherServiceErrorsAreInvalidInputWithTheirCodeAndScrubbedMessage() {
        assertThat(errors.map("commit the blocks of", "object k", error(400, "InvalidBlockList",
                "<Error><Code>InvalidBlockList</Code><Message>The list is bad ?sig=abc&amp;x\nRequestId:1</Message></Error>")))
                .isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessage("cannot commit the blocks of object k in " + WHERE + ": InvalidBlockList (HTTP 400): "
                        + "The list is bad ?sig=REDACTED&amp;x; check the location's settings");
    }

    private static BlobStorageException error(int status, String code) {
        return error(status, code, "Status code " + status + ", \"<?xml version=\"1.0\"?><Error><Code>" + code
                + "</Code><Message>The server is busy.\nRequestId:abc\nTime:now</Message></Error>\"");
    }

    private static BlobStorageException error(int status, String code, String message) {
        HttpHeaders headers = new HttpHeaders();
        if (code != null) {
            headers.set(HttpHeaderName.fromString("x-ms-error-code"), code);
        }
        return new BlobStorageException(message, new Response(status, headers), null);
    }

    /** A bodiless answer with a status and headers. */
    private static final class Response extends HttpResponse {
        private final int status;
        private final HttpHeaders headers;

        Response(int status, HttpHeaders headers) {
            super(new HttpRequest(HttpMethod.GET, "https://acct.blob.core.windows.net/c1c/p/k"));
            this.status = status;
            this.headers = headers;
        }

        @Override
        public int getStatusCode() {
            return status;
        }

        @Override
        @Deprecated
        public String getHeaderValue(String name) {
            return headers.getValue(HttpHeaderName.fromString(name));
        }

        @Override
        public HttpHeaders getHeaders() {
            return headers;
        }

        @Override
        public Flux<ByteBuffer> getBody() {
            return Flux.empty();
        }

        @Override
        public Mono<byte[]> getBodyAsByteArray() {
            return Mono.empty();
        }

        @Override
        public Mono<String> getBodyAsString() {
            return Mono.empty();
        }

        @Override
        public Mono<String> getBodyAsString(Charset charset) {
            return Mono.empty();
        }
    }
}
