package dev.arca.engine.hooks;

import dev.arca.engine.RunLog;
import java.time.Duration;

/**
 * Runs one resolved hook in one pod and writes its exit code and output (bounded) to the run's log;
 * shared by the backup and restore hooks.
 */
final class HookExecutor {
    private final PodExec exec;
    private final RunLog log;

    HookExecutor(PodExec exec, RunLog log) {
        this.exec = exec;
        this.log = log;
    }

    /**
     * Runs {@code hook} of {@code phase} in {@code pod}; null when it succeeded, else what went
     * wrong, naming the pod, container, command and exit code or timeout.
     */
    String run(String phase, HookPod pod, String namespace, PodHook hook) {
        return run(phase, pod, namespace, hook, r -> { });
    }

    /** As {@link #run(String, HookPod, String, PodHook)}, handing the command's result (if it ran) to {@code result}. */
    String run(String phase, HookPod pod, String namespace, PodHook hook, java.util.function.Consumer<PodExec.Result> result) {
        String what = phase + " hook (" + hook.source() + ") in pod " + namespace + "/" + pod.name() + " container "
                + hook.container() + ", command [" + hook.commandText() + "],";
        if (!pod.containers().contains(hook.container())) {
            String failure = what + " cannot run: the pod has no container \"" + hook.container() + "\" (it has "
                    + String.join(", ", pod.containers()) + "); fix the hook's container";
            log.item("error", failure, "pods", namespace, pod.name());
            return failure;
        }
        long start = System.nanoTime();
        PodExec.Result r = exec.run(namespace, pod.name(), hook.container(), hook.command(), hook.timeout());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        result.accept(r);
        String output = r.output().isEmpty() ? "" : "; output:\n" + r.output();
        if (r.succeeded()) {
            log.item("info", what + " exited 0 after " + seconds(took) + output, "pods", namespace, pod.name());
            return null;
        }
        String failure = what + (r.timedOut() ? " did not finish within its timeout of " + seconds(hook.timeout())
                + "; stopped waiting for it (raise the hook's timeout if it needs longer)"
                : r.failure() != null ? " could not run: " + r.failure() : " exited " + r.exitCode());
        log.item("error", failure + output, "pods", namespace, pod.name());
        return failure;
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }
}
