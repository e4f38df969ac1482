package dev.arca.engine.blueprint;

import dev.arca.api.Problem;
import dev.arca.engine.RunLog;
import dev.arca.repository.Repository;
import dev.arca.repository.SnapshotSummary;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs the backup action of each workload's blueprint in one Ready pod of the workload and streams
 * its stdout into the location's repository as a stream snapshot. An action that fails (non-zero
 * exit, timeout, lost connection), a workload without a Ready pod and an unknown blueprint are
 * errors of that workload (the backup becomes PartiallyFailed); nothing of a failed action is kept
 * as a snapshot. One action at a time.
 */
public final class BlueprintBackupper {
    private final KubernetesClient client;
    private final Supplier<Repository> repository;
    private final Blueprints blueprints;
    private final RunLog log;

    public BlueprintBackupper(KubernetesClient client, Supplier<Repository> repository, Blueprints blueprints, RunLog log) {
        this.client = client;
        this.repository = repository;
        this.blueprints = blueprints;
        this.log = log;
    }

    /** Backs up every workload of {@code pods}; returns what to record, failures included. */
    public List<BlueprintArtifact> backUp(String backup, BlueprintPods pods, Consumer<Problem> errors) {
        List<BlueprintArtifact> done = new ArrayList<>();
        for (BlueprintPods.Workload w : pods.workloads()) {
            BlueprintArtifact a = one(backup, w);
            done.add(a);
            if (a.status() == BlueprintArtifact.Status.Failed) {
                errors.accept(new Problem(w.namespace(), "pods", a.pod(), a.message()));
            }
        }
        return done;
    }

    private BlueprintArtifact one(String backup, BlueprintPods.Workload w) {
        Blueprint blueprint = blueprints.find(w.blueprint()).orElse(null);
        BlueprintPods.Seen pod = w.chosen();
        String firstPod = w.pods().get(0).pod();
        if (blueprint == null) {
            return failed(w, firstPod, null, null, null, "workload " + w.namespace() + "/" + w.workload() + " names blueprint \""
                    + w.blueprint() + "\" (annotation " + Blueprint.NAME + "), which is not known; known: " + blueprints.names()
                    + "; pass its file with --blueprints FILE");
        }
        if (pod == null) {
            return failed(w, firstPod, null, null, blueprint.restore(), "workload " + w.namespace() + "/" + w.workload()
                    + " has no Running and Ready pod to run the backup action of blueprint " + blueprint.name() + " in; its data is not"
                    + " backed up; wait until a pod is Ready and back up again");
        }
        String container = container(blueprint.backup(), pod.annotations(), pod.firstContainer());
        Map<String, String> values = blueprint.values(pod.annotations());
        StreamExec.Target target = new StreamExec.Target(w.namespace(), pod.pod(), container, blueprint.name(), "backup");
        log.info("running " + target + " for workload " + w.namespace() + "/" + w.workload());
        try {
            SnapshotSummary s = new StreamExec(client).readFrom(target, command(blueprint.backup(), values),
                    blueprint.backup().timeout(), out -> repository.get().backupStream(out,
                            w.namespace() + "/" + w.workload() + "/" + blueprint.name(), backup,
                            Map.of("blueprint", blueprint.name(), "pod", pod.pod(), "container", container)));
            log.info(target + " stored " + s.bytes() + " bytes as snapshot " + s.id() + " (" + s.bytesNew() + " new)");
            return new BlueprintArtifact(w.namespace(), w.workload(), pod.pod(), container, blueprint.name(), "backup", values,
                    BlueprintArtifact.Status.BackedUp, s.id(), s.bytes(), 0, null, blueprint.restore());
        } catch (ExecFailure e) {
            return new BlueprintArtifact(w.namespace(), w.workload(), pod.pod(), container, blueprint.name(), "backup", values,
                    BlueprintArtifact.Status.Failed, null, null, e.exitCode(), "blueprint data not backed up: " + e.getMessage(),
                    blueprint.restore());
        }
    }

    private static BlueprintArtifact failed(BlueprintPods.Workload w, String pod, String container, Integer code,
                                            BlueprintAction restore, String message) {
        return new BlueprintArtifact(w.namespace(), w.workload(), pod, container, w.blueprint(), "backup", Map.of(),
                BlueprintArtifact.Status.Failed, null, null, code, message, restore);
    }

    /** The action's container, else the pod's {@value Blueprint#CONTAINER} annotation, else its first container. */
    static String container(BlueprintAction action, Map<String, String> annotations, String first) {
        if (action.container() != null) {
            return action.container();
        }
        String annotated = annotations.get(Blueprint.CONTAINER);
        return annotated != null && !annotated.isBlank() ? annotated.strip() : first;
    }

    /** The action's command with the parameters in its environment ({@code env ARCA_X=v ... command}). */
    static List<String> command(BlueprintAction action, Map<String, String> values) {
        List<String> argv = new ArrayList<>();
        argv.add("env");
        values.forEach((k, v) -> argv.add(Blueprint.variable(k) + "=" + v));
        argv.addAll(action.command());
        return argv;
    }
}
