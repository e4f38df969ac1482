package dev.arca.engine.hooks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.api.HookErrorMode;
import dev.arca.api.Problem;
import dev.arca.api.RestoreHooks;
import dev.arca.engine.RunLog;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * The hooks of one restore: init containers put first in each restored pod's spec before it is
 * created, and, once every tier is applied, the exec hooks of the pods the restore created, each
 * after its container is Ready (bounded by the hook's wait timeout). A hook that fails with
 * {@code onError: Fail} is an error of the restore (PartiallyFailed), with Continue a warning.
 */
public final class RestoreHookRun {
    private final RestoreHooks spec;
    private final KubernetesClient client;
    private final HookExecutor executor;
    private final RunLog log;
    private final List<Pending> pending = Collections.synchronizedList(new ArrayList<>());

    private record Pending(HookPod pod, String namespace, List<PodHook> hooks) {
    }

    /** @throws dev.arca.api.ArcaException.InvalidInput for a malformed spec rule */
    public RestoreHookRun(RestoreHooks spec, KubernetesClient client, RunLog log) {
        this.spec = spec == null ? null : spec.validate();
        this.client = client;
        this.executor = new HookExecutor(new PodExec(client), log);
        this.log = log;
    }

    /**
     * Puts the init containers for pod item {@code pod} (from namespace {@code source} of the
     * backup) before its own. One from annotations mounts what the pod's first container mounts.
     *
     * @throws dev.arca.api.ArcaException.InvalidInput when the pod's hook annotations are malformed
     */
    public void addInitContainers(String source, ObjectNode pod) {
        HookPod hookPod = HookPod.of(source, pod);
        List<RestoreHooks.InitContainer> added = HookRules.restoreInit(spec, hookPod);
        if (added.isEmpty()) {
            return;
        }
        ObjectNode podSpec = pod.with("spec");
        ArrayNode before = podSpec.withArray("initContainers");
        ArrayNode after = JsonNodeFactory.instance.arrayNode();
        boolean annotated = hookPod.annotations().containsKey(HookAnnotations.INIT_RESTORE + "container-image");
        for (RestoreHooks.InitContainer c : added) {
            after.add(container(c, annotated ? podSpec.path("containers").path(0).path("volumeMounts") : null));
        }
        after.addAll(before);
        podSpec.set("initContainers", after);
        log.item("info", "init containers added: " + added.stream().map(RestoreHooks.InitContainer::name).toList(), "pods",
                source, hookPod.name());
    }

    private static ObjectNode container(RestoreHooks.InitContainer c, com.fasterxml.jackson.databind.JsonNode mounts) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("name", c.name());
        out.put("image", c.image());
        if (!c.command().isEmpty()) {
            ArrayNode command = out.putArray("command");
            c.command().forEach(command::add);
        }
        if (mounts != null && mounts.isArray() && !mounts.isEmpty()) {
            out.set("volumeMounts", mounts.deepCopy());
        } else if (!c.volumeMounts().isEmpty()) {
            ArrayNode m = out.putArray("volumeMounts");
            c.volumeMounts().forEach(v -> m.addObject().put("name", v.name()).put("mountPath", v.mountPath()));
        }
        return out;
    }

    /**
     * Notes pod {@code pod} (from {@code source}), created in {@code target}, for its exec hooks;
     * malformed hook annotations are an error of the pod.
     */
    public void created(String source, String target, ObjectNode pod, Consumer<Problem> errors) {
        HookPod hookPod = HookPod.of(source, pod);
        try {
            List<PodHook> hooks = HookRules.restoreExec(spec, hookPod);
            if (!hooks.isEmpty()) {
                pending.add(new Pending(hookPod, target, hooks));
            }
        } catch (RuntimeException e) {
            errors.accept(new Problem(target, "pods", hookPod.name(), "post-restore hook not run: " + e.getMessage()));
        }
    }

    /** Runs the exec hooks of the created pods, in the order the pods were created; their results, for the record. */
    public List<HookResult> runExecHooks(Consumer<Problem> warnings, Consumer<Problem> errors) {
        List<HookResult> results = new ArrayList<>();
        List<Pending> pods;
        synchronized (pending) {
            pods = List.copyOf(pending);
        }
        if (!pods.isEmpty()) {
            log.info("running the post-restore hooks of " + pods.size() + " pods");
        }
        for (Pending p : pods) {
            for (PodHook hook : p.hooks()) {
                HookResult result = runOne(p, hook);
                results.add(result);
                if (!result.succeeded()) {
                    String message = result.failure() + " (on-error: " + hook.onError() + ")";
                    (hook.onError() == HookErrorMode.Fail ? errors : warnings)
                            .accept(new Problem(p.namespace(), "pods", p.pod().name(), message));
                }
            }
        }
        return results;
    }

    private HookResult runOne(Pending p, PodHook hook) {
        String notReady = awaitReady(p.namespace(), p.pod().name(), hook.container(), hook.waitTimeout());
        if (notReady != null) {
            String failure = "post-restore hook (" + hook.source() + ") in pod " + p.namespace() + "/" + p.pod().name()
                    + " container " + hook.container() + ", command [" + hook.commandText() + "], not run: " + notReady;
            log.item("error", failure, "pods", p.namespace(), p.pod().name());
            return new HookResult(p.namespace(), p.pod().name(), hook.container(), hook.commandText(), hook.source(), -1, null, failure);
        }
        PodExec.Result[] kept = new PodExec.Result[1];
        String failure = executor.run("post-restore", p.pod(), p.namespace(), hook, r -> kept[0] = r);
        String output = kept[0] == null ? null : excerpt(kept[0].output());
        int exit = kept[0] == null ? -1 : kept[0].exitCode();
        return new HookResult(p.namespace(), p.pod().name(), hook.container(), hook.commandText(), hook.source(), exit, output,
                failure);
    }

    /** Null once the container is Ready, else why it was not within {@code timeout}. */
    private String awaitReady(String namespace, String pod, String container, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "the pod does not exist";
        while (true) {
            Pod live = client.pods().inNamespace(namespace).withName(pod).get();
            if (live != null) {
                ContainerStatus status = live.getStatus() == null || live.getStatus().getContainerStatuses() == null ? null
                        : live.getStatus().getContainerStatuses().stream().filter(s -> container.equals(s.getName()))
                        .findFirst().orElse(null);
                if (status != null && Boolean.TRUE.equals(status.getReady())) {
                    return null;
                }
                last = "the container is not Ready (pod phase " + (live.getStatus() == null ? "unknown" : live.getStatus().getPhase()) + ")";
            }
            if (System.nanoTime() > deadline) {
                return "not Ready within the wait timeout of " + timeout.toSeconds() + "s: " + last
                        + "; raise the hook's wait timeout or see 'kubectl describe pod'";
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted while waiting for the container to be Ready";
            }
        }
    }

    private static String excerpt(String output) {
        return output.length() <= HookResult.OUTPUT_EXCERPT ? output
                : output.substring(0, HookResult.OUTPUT_EXCERPT) + "\n[cut at " + HookResult.OUTPUT_EXCERPT + " characters]";
    }
}
