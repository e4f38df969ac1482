package dev.arca.fleet.members;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks a member's API server for {@code GET /version}, bounded by a timeout even when the TCP peer
 * accepts and never answers (the call runs on its own daemon thread, abandoned and interrupted at
 * the deadline), so a dead member never holds up the caller longer than the timeout.
 */
public final class MemberProbe {
    static final String CALL = "GET /version";

    private MemberProbe() {
    }

    public static Probe probe(KubernetesClient member, Duration timeout) {
        ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "arca-fleet-probe");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<String> version = thread.submit(() -> member.getKubernetesVersion().getGitVersion());
            return new Probe(true, version.get(timeout.toMillis(), TimeUnit.MILLISECONDS), null);
        } catch (TimeoutException e) {
            return new Probe(false, null, CALL + " to " + member.getMasterUrl() + " got no answer within "
                    + timeout.toMillis() + " ms (TimeoutException)");
        } catch (ExecutionException e) {
            return new Probe(false, null, describe(member, e.getCause() == null ? e : e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Probe(false, null, CALL + " to " + member.getMasterUrl() + " was interrupted (InterruptedException)");
        } finally {
            thread.shutdownNow();
        }
    }

    /** The call, the exception's type and message, and its root cause's: never "null". */
    static String describe(KubernetesClient member, Throwable e) {
        StringBuilder sb = new StringBuilder(CALL + " to " + member.getMasterUrl() + " failed: " + e.getClass().getSimpleName());
        if (e.getMessage() != null && !e.getMessage().isBlank()) {
            sb.append(": ").append(e.getMessage());
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e) {
            sb.append(" (caused by ").append(root.getClass().getSimpleName());
            if (root.getMessage() != null && !root.getMessage().isBlank()) {
                sb.append(": ").append(root.getMessage());
            }
            sb.append(')');
        }
        return sb.toString();
    }
}
