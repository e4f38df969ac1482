package dev.arca.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** The retry policy of Kubernetes API calls, on a clock that only the recording sleeper moves. */
class KubeRetryTest {
    private final List<Duration> waits = new ArrayList<>();
    private final List<String> logged = new ArrayList<>();
    private Instant now = Instant.parse("2026-12-05T00:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    private KubeRetry retry() {
        return new KubeRetry(KubeRetry.MAX_ATTEMPTS, KubeRetry.BUDGET, d -> {
            waits.add(d);
            now = now.plus(d);
        }, clock, logged::add);
    }

    private static KubernetesClientException http(int code, Integer retryAfterSeconds) {
        var status = new StatusBuilder().withCode(code).withMessage("answer " + code);
        if (retryAfterSeconds != null) {
            status.withNewDetails().withRetryAfterSeconds(retryAfterSeconds).endDetails();
        }
        return new KubernetesClientException(status.build());
    }

    /** Fails with {@code failures} in order, then answers "ok". */
    private static KubeRetry.Call<String, Exception> failing(AtomicInteger calls, Exception... failures) {
        return () -> {
            int n = calls.getAndIncrement();
            if (n < failures.length) {
                throw failures[n];
            }
            return "ok";
        };
    }

    @Test
    void retriesThrottlingServerErrorsAndMissingAnswersButNoOtherClientError() {
        for (int code : new int[] {429, 500, 502, 503, 504}) {
            assertThat(KubeRetry.transientReason(http(code, null))).as("HTTP %d", code).isNotNull();
        }
        for (int code : new int[] {400, 401, 403, 404, 409, 410, 422, 501}) {
            assertThat(KubeRetry.transientReason(http(code, null))).as("HTTP %d", code).isNull();
        }
        assertThat(KubeRetry.transientReason(new KubernetesClientException("refused", new ConnectException("Connection refused"))))
                .contains("ConnectException: Connection refused");
        assertThat(KubeRetry.transientReason(new IOException("connection reset"))).contains("connection reset");
        assertThat(KubeRetry.transientReason(new KubernetesClientException("dns", new UnknownHostException("nohost")))).isNull();
        SSLHandshakeException untrusted = new SSLHandshakeException("PKIX path building failed");
        untrusted.initCause(new CertificateException("untrusted"));
        assertThat(KubeRetry.transientReason(new KubernetesClientException("tls", untrusted))).isNull();
        assertThat(KubeRetry.transientReason(new IllegalStateException("a bug"))).isNull();
    }

    @Test
    void aFailureWithoutAnswerIsRetriedOnlyWhenAnIoFailureCausedIt() {
        assertThat(KubeRetry.transientReason(new KubernetesClientException("reset",
                new IOException("wrapped", new java.net.SocketException("Connection reset"))))).contains("Connection reset");
        assertThat(KubeRetry.transientReason(new KubernetesClientException("timed out", new java.net.SocketTimeoutException("read timed out"))))
                .contains("read timed out");
        assertThat(KubeRetry.transientReason(new KubernetesClientException("An error has occurred.", unparsable())))
                .as("an answer that could not be read").isNull();
        assertThat(KubeRetry.transientReason(new KubernetesClientException("An error has occurred.", new IllegalStateException("bug"))))
                .isNull();
        assertThat(KubeRetry.transientReason(new KubernetesClientException("no cause at all"))).isNull();
        assertThat(KubeRetry.transientReason(new KubernetesClientException("An error has occurred.", cutShort())))
                .as("an answer cut before its end").contains("end-of-input");
    }

    @Test
    void anAnswerThatCannotBeReadFailsAtOnceAndDoesNotMarkTheClusterUnreachable() throws Exception {
        KubeRetry retry = retry();
        AtomicInteger calls = new AtomicInteger();
        KubernetesClientException bug = new KubernetesClientException("An error has occurred.", unparsable());

        assertThatThrownBy(() -> retry.call("get pod shop/web", failing(calls, bug))).isSameAs(bug);
        assertThat(calls).hasValue(1);
        assertThat(waits).isEmpty();

        AtomicInteger later = new AtomicInteger();
        assertThat(retry.call("get pod shop/db", failing(later, new KubernetesClientException("refused",
                new ConnectException("Connection refused"))))).as("still retried: the cluster answered").isEqualTo("ok");
        assertThat(later).hasValue(2);
    }

    @Test
    void aServerErrorWithoutMessageNamesWhatFailedInsteadOfNull() {
        KubernetesClientException bare = new KubernetesClientException(new StatusBuilder().withCode(503).build());
        assertThat(KubeRetry.describe(bare)).isEqualTo("HTTP 503: no message (KubernetesClientException)");
        KubernetesClientException caused = new KubernetesClientException(null, new java.io.EOFException()) {
            @Override
            public int getCode() {
                return 503;
            }
        };
        assertThat(KubeRetry.describe(caused)).isEqualTo("HTTP 503: no message (EOFException)");
        assertThat(KubeRetry.transientReason(caused)).doesNotContain("null");
    }

    private static Exception cutShort() {
        try {
            new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"kind\": \"Po");
            throw new AssertionError("parsed");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return e;
        }
    }

    private static Exception unparsable() {
        try {
            new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"kind\": Pod}");
            throw new AssertionError("parsed");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return e;
        }
    }

    @Test
    void waitsHalfASecondThenTwiceAsLongEachTimeUpToEightSeconds() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        assertThat(retry().call("list things", failing(calls, http(503, null), http(503, null), http(500, null),
                new IOException("reset"), http(504, null)))).isEqualTo("ok");
        assertThat(calls).hasValue(6);
        assertThat(waits).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(4), Duration.ofSeconds(8));
        assertThat(KubeRetry.delay(9, null)).isEqualTo(KubeRetry.MAX_DELAY);
        assertThat(logged).hasSize(5).first().asString().contains("list things", "attempt 1 of 6", "HTTP 503", "retrying in 0.5 s");
    }

    @Test
    void honoursTheServersRetryAfterWhenItIsLongerThanTheBackoff() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        retry().call("create x", failing(calls, http(429, 3), http(503, null), http(429, 1)));
        assertThat(waits).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(logged.get(0)).contains("HTTP 429", "retrying in 3 s");
    }

    @Test
    void givesUpAfterSixAttemptsWithTheLastFailure() {
        AtomicInteger calls = new AtomicInteger();
        KubernetesClientException last = http(502, null);
        assertThatThrownBy(() -> retry().call("get pv", failing(calls, http(503, null), http(503, null), http(503, null),
                http(503, null), http(503, null), last, http(503, null)))).isSameAs(last);
        assertThat(calls).hasValue(6);
        assertThat(logged).last().asString().contains("get pv", "giving up after 6 attempts");
    }

    @Test
    void neverWaitsPastTheBudget() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retry().call("list", failing(calls, http(503, 20), http(503, 30), http(503, 20), http(503, 1))))
                .isInstanceOf(KubernetesClientException.class);
        assertThat(waits).containsExactly(Duration.ofSeconds(20), Duration.ofSeconds(30)); // a third 20 s would end past 60 s
        assertThat(calls).hasValue(3);
    }

    @Test
    void aClientErrorIsThrownAtOnce() {
        AtomicInteger calls = new AtomicInteger();
        KubernetesClientException forbidden = http(403, null);
        assertThatThrownBy(() -> retry().call("list secrets", failing(calls, forbidden))).isSameAs(forbidden);
        assertThat(calls).hasValue(1);
        assertThat(waits).isEmpty();
        assertThat(logged).isEmpty();
    }

    @Test
    void afterTheServerStoppedAnsweringLaterCallsTryOnceUntilOneSucceeds() throws Exception {
        KubeRetry retry = retry();
        IOException refused = new IOException("Connection refused");
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retry.call("list a", failing(calls, refused, refused, refused, refused, refused, refused)))
                .isSameAs(refused);
        assertThat(calls).hasValue(6);
        AtomicInteger second = new AtomicInteger();
        assertThatThrownBy(() -> retry.call("list b", failing(second, refused, refused))).isSameAs(refused);
        assertThat(second).as("a dead cluster is not waited for again").hasValue(1);
        assertThat(retry.call("list c", () -> "back")).isEqualTo("back");
        AtomicInteger third = new AtomicInteger();
        assertThat(retry.call("list d", failing(third, refused))).isEqualTo("ok");
        assertThat(third).as("retries again once the server answered").hasValue(2);
    }

    @org.junit.jupiter.api.Test
    void arcasOwnFailureInsideACallIsNeverRetriedEvenWithAnIoCause() {
        dev.arca.api.ArcaException storeCut = new dev.arca.api.ArcaException.Transient("connection reset by peer",
                new java.io.IOException("reset"));
        org.assertj.core.api.Assertions.assertThat(KubeRetry.transientReason(storeCut)).isNull();
    }
}
