package dev.arca.engine.blueprint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.ArcaException;
import dev.arca.api.Problem;
import dev.arca.engine.RunLog;
import dev.arca.repository.Repository;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * After a restore applied the workloads, feeds each backed-up blueprint stream to the restore
 * action in a Ready pod of the restored workload (waiting a bounded time for one). A failing
 * action, a workload whose pods never became Ready and a stream that cannot be read are errors
 * naming pod, container, blueprint and exit code, so the restore is never Completed with data
 * missing. The restore action is the one recorded at backup time unless {@code overrides} (the
 * restore's blueprint files) redefines the blueprint.
 */
public final class BlueprintRestorer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final KubernetesClient client;
    private final Supplier<Repository> repository;
    private final Blueprints overrides;
    private final RunLog log;
    private final Duration readyTimeout;
    private final Clock clock;

    public BlueprintRestorer(KubernetesClient client, Supplier<Repository> repository, Blueprints overrides, RunLog log,
                             Duration readyTimeout, Clock clock) {
        this.client = client;
        this.repository = repository;
        this.overrides = overrides;
        this.log = log;
        this.readyTimeout = readyTimeout;
        this.clock = clock;
    }

    /** Restores each backed-up artefact whose namespace {@code included} accepts, into {@code target(namespace)}. */
    public int restore(List<BlueprintArtifact> artifacts, java.util.function.Predicate<String> included, UnaryOperator<String> target,
                       Consumer<Problem> errors) {
        int restored = 0;
        for (BlueprintArtifact a : artifacts) {
            if (a.status() != BlueprintArtifact.Status.BackedUp || !included.test(a.namespace())) {
                continue;
            }
            String namespace = target.apply(a.namespace());
            try {
                one(a, namespace);
                restored++;
            } catch (ArcaException | io.fabric8.kubernetes.client.KubernetesClientException e) {
                // an API error on one workload is that workload's error: the others, the exec hooks and the wait still run
                errors.accept(new Problem(namespace, "pods", a.workload(), "blueprint data of workload " + namespace + "/"
                        + a.workload() + " not restored: " + e.getMessage()));
            }
        }
        return restored;
    }

    private void one(BlueprintArtifact a, String namespace) {
        BlueprintAction action = overrides.find(a.blueprint()).map(Blueprint::restore).orElse(a.restore());
        if (action == null) {
            throw new ArcaException.InvalidInput("the backup recorded no restore action for blueprint " + a.blueprint()
                    + "; pass its file with --blueprints FILE");
        }
        JsonNode pod = readyPod(namespace, a.workload(), a.blueprint());
        String name = pod.path("metadata").path("name").asText();
        String container = BlueprintBackupper.container(action, Workloads.annotations(pod),
                a.container() != null ? a.container() : Workloads.firstContainer(pod));
        StreamExec.Target where = new StreamExec.Target(namespace, name, container, a.blueprint(), "restore");
        log.info("running " + where + " fed " + a.bytes() + " bytes of snapshot " + a.snapshot());
        new StreamExec(client).writeTo(where, BlueprintBackupper.command(action, a.parameters()), a.bytes(),
                action.timeout(), in -> repository.get().restoreStream(a.snapshot(), in));
        log.info(where + " restored workload " + namespace + "/" + a.workload());
    }

    /** A Running, Ready pod of the workload, the first by name; waits up to the ready timeout for one. */
    private JsonNode readyPod(String namespace, String workload, String blueprint) {
        Instant deadline = clock.instant().plus(readyTimeout);
        while (true) {
            JsonNode found = client.pods().inNamespace(namespace).list().getItems().stream()
                    .map(p -> (JsonNode) JSON.valueToTree(p))
                    .filter(p -> Workloads.of(p).equals(workload) && Workloads.ready(p))
                    .min(Comparator.comparing(p -> p.path("metadata").path("name").asText()))
                    .orElse(null);
            if (found != null) {
                return found;
            }
            if (clock.instant().isAfter(deadline)) {
                throw new ArcaException("no pod of workload " + namespace + "/" + workload + " was Running and Ready within "
                        + readyTimeout.toSeconds() + " s, so the restore action of blueprint " + blueprint + " did not run;"
                        + " see the pods' events, and restore again once the workload runs");
            }
            sleep();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ArcaException("interrupted while waiting for a pod to run a blueprint's restore action", e);
        }
    }

}
