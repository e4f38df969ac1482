package dev.arca.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Retries a Kubernetes API call that failed transiently: no HTTP answer at all (refused, reset,
 * timed out, cut: an I/O failure in the cause chain, not an answer that came whole and could not be
 * parsed), or HTTP 429, 500, 502, 503, 504. Waits 0.5 s, then twice as long each time up to 8 s,
 * or longer when the server asks for it (Retry-After); at most {@value #MAX_ATTEMPTS} attempts and
 * never a wait that would end more than {@link #BUDGET} after the first attempt began. Every other
 * answer (4xx but 429) is returned at once: asking again cannot change it.
 *
 * <p>A dead cluster still fails fast: after one call gave up because the server did not answer,
 * later calls of the same instance make a single attempt until one succeeds, so a run whose cluster
 * went away ends within about the budget instead of retrying every remaining type. (The first probe
 * of a run, {@link ClusterAccess#version}, is not retried at all: a cluster that is not there is
 * reported in seconds.) Each retry is logged: what, which attempt, why, how long until the next.
 * Thread-safe.
 */
public final class KubeRetry {
    public static final int MAX_ATTEMPTS = 6;
    public static final Duration FIRST_DELAY = Duration.ofMillis(500);
    public static final Duration MAX_DELAY = Duration.ofSeconds(8);
    public static final Duration BUDGET = Duration.ofSeconds(60);

    /** Waits; tests give one that records the wait and moves their clock. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** A failure that carries the HTTP answer of the API server (the raw LIST's). */
    public interface HttpAnswer {
        /** The HTTP status code. */
        int code();

        /** How long the server asked the client to wait, null when it did not. */
        Duration retryAfter();
    }

    /** One call to the API server. */
    @FunctionalInterface
    public interface Call<T, E extends Exception> {
        T call() throws E;
    }

    private final int maxAttempts;
    private final Duration budget;
    private final Sleeper sleeper;
    private final Clock clock;
    private final Consumer<String> log;
    /** Set when a call gave up on a server that did not answer; cleared by any success. */
    private volatile boolean unreachable;

    /** The standard policy, logging each retry to {@code log}. */
    public KubeRetry(Consumer<String> log) {
        this(MAX_ATTEMPTS, BUDGET, d -> Thread.sleep(d.toMillis()), Clock.systemUTC(), log);
    }

    public KubeRetry(int maxAttempts, Duration budget, Sleeper sleeper, Clock clock, Consumer<String> log) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("at least one attempt, got " + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
        this.budget = budget;
        this.sleeper = sleeper;
        this.clock = clock;
        this.log = log;
    }

    /**
     * Runs {@code call}, again after a transient failure, and returns its answer; rethrows the last
     * failure when it is not transient or the attempts or the budget are spent.
     *
     * @param what what the call does, for the log ("list configmaps in namespace shop")
     */
    public <T, E extends Exception> T call(String what, Call<T, E> call) throws E {
        Instant began = clock.instant();
        int attempts = unreachable ? 1 : maxAttempts;
        for (int attempt = 1; ; attempt++) {
            try {
                T answer = call.call();
                unreachable = false;
                return answer;
            } catch (Exception e) {
                String why = transientReason(e);
                if (why == null) {
                    throw e;
                }
                Duration wait = delay(attempt, retryAfter(e));
                if (attempt >= attempts || Duration.between(began, clock.instant()).plus(wait).compareTo(budget) > 0) {
                    if (noAnswer(e)) {
                        unreachable = true;
                    }
                    if (attempts > 1) {
                        log.accept(what + ": giving up after " + attempt + " attempts: " + why);
                    }
                    throw e;
                }
                log.accept(what + ": attempt " + attempt + " of " + attempts + " failed (" + why + "); retrying in "
                        + seconds(wait));
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** The wait before attempt {@code attempt + 1}: exponential from 0.5 s, capped, or the server's Retry-After when longer. */
    static Duration delay(int attempt, Duration retryAfter) {
        long millis = FIRST_DELAY.toMillis() << Math.min(attempt - 1, 20);
        Duration backoff = Duration.ofMillis(Math.min(millis, MAX_DELAY.toMillis()));
        return retryAfter != null && retryAfter.compareTo(backoff) > 0 ? retryAfter : backoff;
    }

    /** Why {@code e} may succeed when asked again, or null when it cannot. */
    public static String transientReason(Throwable e) {
        if (e instanceof dev.arca.api.ArcaException) {
            return null; // Arca's own failure inside the call (the archive could not be written): never the API server's
        }
        int code = code(e);
        if (code == 429) {
            return "HTTP 429: the API server is throttling requests";
        }
        if (code == 500 || code == 502 || code == 503 || code == 504) {
            return describe(e);
        }
        if (code > 0 || !noAnswer(e)) {
            return null;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException || t instanceof CertificateException) {
                return null; // a wrong name or a certificate that is not trusted stays wrong
            }
        }
        return "no answer from the API server: " + describe(e);
    }

    /** A failure in a few words: "HTTP 503: the server's message", or what kept the answer from coming. */
    public static String describe(Throwable e) {
        int code = code(e);
        String message = e instanceof KubernetesClientException k && k.getStatus() != null && k.getStatus().getMessage() != null
                ? k.getStatus().getMessage() : e.getMessage();
        if (code > 0) {
            Throwable named = e.getCause() != null ? e.getCause() : e;
            return "HTTP " + code + ": " + (message != null ? message : "no message (" + named.getClass().getSimpleName() + ")");
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    /** The HTTP status of the failure, 0 when there was no HTTP answer. */
    static int code(Throwable e) {
        if (e instanceof HttpAnswer answer) {
            return answer.code();
        }
        if (e instanceof KubernetesClientException k) {
            return Math.max(k.getCode(), 0);
        }
        return 0;
    }

    /**
     * Whether the failure is a missing answer: no HTTP status, and an I/O failure (refused, reset,
     * timed out, or an answer cut before its end) in its cause chain. An answer that came whole
     * but could not be parsed (a JSON failure, itself an IOException) is a bug, not a network
     * fault, and is not retried.
     */
    private static boolean noAnswer(Throwable e) {
        if (code(e) != 0) {
            return false;
        }
        boolean io = false;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JsonEOFException) {
                return true; // the body ended early: the connection was cut
            }
            if (t instanceof JsonProcessingException) {
                return false;
            }
            io |= t instanceof IOException;
        }
        return io;
    }

    /** The wait the server asked for: the raw answer's Retry-After, or the Status's {@code details.retryAfterSeconds}. */
    static Duration retryAfter(Throwable e) {
        if (e instanceof HttpAnswer answer) {
            return answer.retryAfter();
        }
        if (e instanceof KubernetesClientException k) {
            Status status = k.getStatus();
            Integer seconds = status == null || status.getDetails() == null ? null : status.getDetails().getRetryAfterSeconds();
            return seconds == null || seconds <= 0 ? null : Duration.ofSeconds(seconds);
        }
        return null;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
