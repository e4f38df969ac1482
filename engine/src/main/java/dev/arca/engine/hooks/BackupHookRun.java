package dev.arca.engine.hooks;

import dev.arca.api.BackupHooks;
import dev.arca.api.HookErrorMode;
import dev.arca.api.Problem;
import dev.arca.engine.RunLog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The exec hooks of one backup: resolved for every selected pod before any runs (a bad annotation
 * stops the backup before anything ran), all pre hooks before the collection, all post hooks after.
 * A pre hook that fails with {@code onError: Fail} stops the pre hooks; the post hooks of every pod
 * whose pre hooks started still run, and the caller fails the backup. A post hook that fails with
 * Fail is an error of the backup (PartiallyFailed: its data is complete); with Continue either is a warning.
 */
public final class BackupHookRun {
    private final HookExecutor executor;
    private final RunLog log;
    private final Consumer<Problem> warnings;
    private final Consumer<Problem> errors;
    private final Map<HookPod, List<PodHook>> pre = new LinkedHashMap<>();
    private final Map<HookPod, List<PodHook>> post = new LinkedHashMap<>();
    private final List<HookPod> preStarted = new ArrayList<>();

    /**
     * Resolves the hooks of {@code pods}.
     *
     * @throws dev.arca.api.ArcaException.InvalidInput for a malformed spec rule or a pod whose hook annotations are malformed
     */
    public BackupHookRun(BackupHooks spec, List<HookPod> pods, PodExec exec, RunLog log, Consumer<Problem> warnings,
                         Consumer<Problem> errors) {
        this.executor = new HookExecutor(exec, log);
        this.log = log;
        this.warnings = warnings;
        this.errors = errors;
        if (spec != null) {
            spec.validate();
        }
        for (HookPod pod : pods) {
            List<PodHook> before = HookRules.backup(spec, pod, HookRules.PRE);
            List<PodHook> after = HookRules.backup(spec, pod, HookRules.POST);
            if (!before.isEmpty()) {
                pre.put(pod, before);
            }
            if (!after.isEmpty()) {
                post.put(pod, after);
            }
        }
    }

    /** Runs the pre hooks; null when the backup may go on, else why it must fail. */
    public String runPre() {
        if (!pre.isEmpty()) {
            log.info("running the pre hooks of " + pre.size() + " pods");
        }
        for (var entry : pre.entrySet()) {
            preStarted.add(entry.getKey());
            for (PodHook hook : entry.getValue()) {
                String failure = executor.run("pre", entry.getKey(), entry.getKey().namespace(), hook);
                if (failure != null && hook.onError() == HookErrorMode.Fail) {
                    return failure + " (on-error: Fail); the backup collected nothing";
                }
                if (failure != null) {
                    warnings.accept(problem(entry.getKey(), failure + " (on-error: Continue)"));
                }
            }
        }
        return null;
    }

    /**
     * Runs the post hooks: of every pod when {@code preFailed} is false, else only of the pods
     * whose pre hooks started (the failed one included: it may have left something to undo).
     */
    public void runPost(boolean preFailed) {
        List<HookPod> pods = post.keySet().stream().filter(p -> !preFailed || preStarted.contains(p)).toList();
        if (!pods.isEmpty()) {
            log.info("running the post hooks of " + pods.size() + " pods");
        }
        for (HookPod pod : pods) {
            for (PodHook hook : post.get(pod)) {
                String failure = executor.run("post", pod, pod.namespace(), hook);
                if (failure == null) {
                    continue;
                }
                if (hook.onError() == HookErrorMode.Fail && !preFailed) {
                    errors.accept(problem(pod, failure + " (on-error: Fail)"));
                } else {
                    warnings.accept(problem(pod, failure + " (on-error: " + hook.onError() + ")"));
                }
            }
        }
    }

    private static Problem problem(HookPod pod, String message) {
        return new Problem(pod.namespace(), "pods", pod.name(), message);
    }
}
