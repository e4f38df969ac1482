package dev.arca.engine.restore;

import dev.arca.api.Problem;
import dev.arca.engine.blueprint.BlueprintArtifact;
import dev.arca.engine.blueprint.BlueprintRestorer;
import dev.arca.engine.blueprint.Blueprints;
import dev.arca.engine.hooks.HookResult;
import dev.arca.engine.select.NamespaceFilter;
import dev.arca.engine.volume.LazyRepository;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The steps of a real restore once every tier is applied (a dry run runs none of them): the
 * blueprint restore actions, the post-restore exec hooks, and {@code --wait-ready}. What goes
 * wrong in them is a problem of the run, so the restore ends PartiallyFailed, never Completed.
 */
final class RestoreEndSteps {
    /** How long a blueprint's restore action waits for a Ready pod of its restored workload. */
    static final Duration BLUEPRINT_READY_TIMEOUT = Duration.ofMinutes(5);

    private final KubernetesClient client;
    private final Blueprints blueprints;
    private final Clock clock;
    private final RestoreRun run;

    RestoreEndSteps(KubernetesClient client, Blueprints blueprints, Clock clock, RestoreRun run) {
        this.client = client;
        this.blueprints = blueprints;
        this.clock = clock;
        this.run = run;
    }

    /**
     * Feeds the blueprint streams of the backup to the restored workloads' restore actions, once they run.
     * Only workloads this restore selected and applied get their data: a restore whose filters left a
     * workload out (resources, label selector) must not feed a dump into the live workload of that name.
     */
    void restoreBlueprints(List<BlueprintArtifact> all, LazyRepository repository) {
        List<BlueprintArtifact> artifacts = new ArrayList<>();
        for (BlueprintArtifact a : all) {
            if (run.selectedWorkloads.contains(a.namespace() + "/" + a.workload())) {
                artifacts.add(a);
            } else if (a.status() == BlueprintArtifact.Status.BackedUp) {
                run.log.info("blueprint " + a.blueprint() + " of workload " + a.namespace() + "/" + a.workload() + " not restored: "
                        + "this restore did not restore that workload (its filters left it out, or it failed)");
            }
        }
        if (artifacts.isEmpty()) {
            return;
        }
        if (Boolean.FALSE.equals(run.spec.restoreVolumes())) {
            run.log.info("volume data is not restored (restoreVolumes: false), so neither are the " + artifacts.size()
                    + " blueprint streams");
            return;
        }
        run.listener.step("running blueprint restore actions");
        NamespaceFilter namespaces = new NamespaceFilter(run.spec.includedNamespaces(), run.spec.excludedNamespaces());
        new BlueprintRestorer(client, repository, blueprints, run.log, BLUEPRINT_READY_TIMEOUT, clock)
                .restore(artifacts, namespaces::matches, run.spec::targetNamespace, p -> run.problem(true, p));
    }

    /** The post-restore exec hooks of the pods this restore created. */
    List<HookResult> runExecHooks() {
        return run.hooks.runExecHooks(p -> run.problem(false, p), p -> run.problem(true, p));
    }

    /** {@code --wait-ready}: what did not become ready in time is an error of the restore, naming it and why. */
    void awaitReady() {
        run.listener.step("waiting until " + run.waited.size() + " restored workloads and claims are ready");
        List<Problem> notReady = new ReadyWaiter(client).await(List.copyOf(run.waited), run.spec.waitReady());
        notReady.forEach(p -> run.problem(true, p));
        run.log.info((run.waited.size() - notReady.size()) + " of " + run.waited.size() + " restored workloads and claims ready");
    }
}
