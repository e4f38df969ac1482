package dev.arca.engine.restore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.Problem;
import dev.arca.engine.discovery.ResourceType;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code --wait-ready}: polls restored workloads and claims until each is ready ({@link Readiness})
 * or the timeout passes; what never got there is a problem naming it, why (counts and conditions)
 * and its latest Warning event. Reads only.
 */
final class ReadyWaiter {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Duration POLL = Duration.ofMillis(500);
    private final KubernetesClient client;

    /** One restored object to wait for, where it was restored. */
    record Target(String resource, String namespace, String name, String apiVersion, String kind) {
        Target {
            Objects.requireNonNull(resource, "resource");
            Objects.requireNonNull(name, "name");
        }
    }

    ReadyWaiter(KubernetesClient client) {
        this.client = client;
    }

    /** Waits at most {@code timeout}; returns one problem per target that is not ready by then. */
    List<Problem> await(List<Target> targets, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Map<Target, String> pending = new LinkedHashMap<>();
        targets.forEach(t -> pending.put(t, "not checked"));
        List<Problem> problems = new ArrayList<>();
        while (!pending.isEmpty()) {
            for (Target t : List.copyOf(pending.keySet())) {
                Readiness.State state = check(t);
                if (state.ready() || state.hopeless()) {
                    pending.remove(t);
                    if (!state.ready()) {
                        problems.add(problem(t, "will not become ready: " + state.why()));
                    }
                } else {
                    pending.put(t, state.why());
                }
            }
            if (pending.isEmpty() || !Instant.now().isBefore(deadline) || !sleep()) {
                break;
            }
        }
        pending.forEach((t, why) -> problems.add(problem(t, "not ready after " + timeout.toSeconds() + "s: " + why)));
        return problems;
    }

    private Readiness.State check(Target t) {
        try {
            var op = client.genericKubernetesResources(context(t));
            GenericKubernetesResource live = t.namespace() == null ? op.withName(t.name()).get()
                    : op.inNamespace(t.namespace()).withName(t.name()).get();
            if (live == null) {
                return new Readiness.State(false, true, "no longer exists");
            }
            JsonNode tree = JSON.valueToTree(live);
            return Readiness.of(t.resource(), tree);
        } catch (KubernetesClientException e) {
            return Readiness.State.waiting("cannot be read: " + RestoreApplier.reason(e));
        }
    }

    private Problem problem(Target t, String why) {
        return new Problem(t.namespace(), t.resource(), t.name(), why + lastWarning(t));
    }

    /** {@code ; last warning event: Reason: message}, or "" when there is none or events cannot be read. */
    private String lastWarning(Target t) {
        if (t.namespace() == null) {
            return "";
        }
        try {
            return client.v1().events().inNamespace(t.namespace()).withField("involvedObject.name", t.name()).list().getItems()
                    .stream().filter(e -> "Warning".equals(e.getType()) && t.kind().equals(e.getInvolvedObject().getKind()))
                    .max(Comparator.comparing(ReadyWaiter::when))
                    .map(e -> "; last warning event: " + e.getReason() + ": " + e.getMessage()).orElse("");
        } catch (KubernetesClientException e) {
            return "";
        }
    }

    private static String when(Event e) {
        return Objects.requireNonNullElse(e.getLastTimestamp(), Objects.requireNonNullElse(e.getEventTime() == null ? null
                : e.getEventTime().getTime(), ""));
    }

    private static ResourceDefinitionContext context(Target t) {
        int slash = t.apiVersion().indexOf('/');
        return new ResourceDefinitionContext.Builder()
                .withGroup(slash < 0 ? "" : t.apiVersion().substring(0, slash))
                .withVersion(slash < 0 ? t.apiVersion() : t.apiVersion().substring(slash + 1))
                .withKind(t.kind()).withPlural(ResourceType.pluralOf(t.resource()))
                .withNamespaced(t.namespace() != null).build();
    }

    private static boolean sleep() {
        try {
            Thread.sleep(POLL.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
