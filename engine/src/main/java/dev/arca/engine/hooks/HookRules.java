package dev.arca.engine.hooks;

import dev.arca.api.BackupHooks;
import dev.arca.api.HookErrorMode;
import dev.arca.api.HookSelector;
import dev.arca.api.RestoreHooks;
import dev.arca.engine.select.LabelSelector;
import dev.arca.engine.select.NamespaceFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which hooks apply to a pod: its own annotations of a phase if it has them, else the steps of
 * every spec rule whose namespaces and labels match it, in the rules' order (Velero's precedence).
 */
public final class HookRules {
    public static final String PRE = "pre";
    public static final String POST = "post";

    private HookRules() {
    }

    /** The backup exec hooks of {@code phase} ({@link #PRE} or {@link #POST}) for {@code pod}. */
    public static List<PodHook> backup(BackupHooks spec, HookPod pod, String phase) {
        var annotated = HookAnnotations.backup(pod, phase.equals(PRE) ? HookAnnotations.PRE_BACKUP : HookAnnotations.POST_BACKUP);
        if (annotated.isPresent()) {
            return List.of(annotated.get());
        }
        List<PodHook> hooks = new ArrayList<>();
        for (BackupHooks.Rule rule : spec == null ? List.<BackupHooks.Rule>of() : spec.resources()) {
            if (!matches(pod, rule.includedNamespaces(), rule.excludedNamespaces(), rule.labelSelector())) {
                continue;
            }
            String where = "backup hook rule \"" + rule.name() + "\"";
            for (BackupHooks.Step step : phase.equals(PRE) ? rule.pre() : rule.post()) {
                BackupHooks.Exec e = step.exec();
                hooks.add(new PodHook("rule " + rule.name(), pod.container(e.container()), e.command(),
                        Objects.requireNonNullElse(e.onError(), HookErrorMode.Fail), e.timeout(where), null));
            }
        }
        return hooks;
    }

    /** The post-restore exec hooks for {@code pod} (placed in its namespace in the backup). */
    public static List<PodHook> restoreExec(RestoreHooks spec, HookPod pod) {
        var annotated = HookAnnotations.restoreExec(pod);
        if (annotated.isPresent()) {
            return List.of(annotated.get());
        }
        List<PodHook> hooks = new ArrayList<>();
        for (var named : restoreSteps(spec, pod)) {
            RestoreHooks.Step step = named.getValue();
            if (step.exec() != null) {
                RestoreHooks.Exec e = step.exec();
                hooks.add(new PodHook("rule " + named.getKey(), pod.container(e.container()), e.command(),
                        Objects.requireNonNullElse(e.onError(), HookErrorMode.Continue),
                        duration(e.execTimeout(), RestoreHooks.DEFAULT_EXEC_TIMEOUT),
                        duration(e.waitTimeout(), RestoreHooks.DEFAULT_WAIT_TIMEOUT)));
            }
        }
        return hooks;
    }

    /** The init containers to add to {@code pod}, first one first. */
    public static List<RestoreHooks.InitContainer> restoreInit(RestoreHooks spec, HookPod pod) {
        var annotated = HookAnnotations.restoreInit(pod);
        if (annotated.isPresent()) {
            return List.of(annotated.get());
        }
        List<RestoreHooks.InitContainer> out = new ArrayList<>();
        for (var named : restoreSteps(spec, pod)) {
            if (named.getValue().init() != null) {
                out.addAll(named.getValue().init().initContainers());
            }
        }
        return out;
    }

    /** The steps of the rules matching {@code pod}, each with its rule's name. */
    private static List<Map.Entry<String, RestoreHooks.Step>> restoreSteps(RestoreHooks spec, HookPod pod) {
        List<Map.Entry<String, RestoreHooks.Step>> steps = new ArrayList<>();
        for (RestoreHooks.Rule rule : spec == null ? List.<RestoreHooks.Rule>of() : spec.resources()) {
            if (matches(pod, rule.includedNamespaces(), rule.excludedNamespaces(), rule.labelSelector())) {
                rule.postHooks().forEach(step -> steps.add(Map.entry(rule.name(), step)));
            }
        }
        return steps;
    }

    static boolean matches(HookPod pod, List<String> included, List<String> excluded, HookSelector selector) {
        if (!new NamespaceFilter(included, excluded).matches(pod.namespace())) {
            return false;
        }
        return selector == null || selector.text().isEmpty() || LabelSelector.parse(selector.text()).matches(pod.labels());
    }

    private static java.time.Duration duration(String text, java.time.Duration fallback) {
        return text == null || text.isBlank() ? fallback : dev.arca.api.Durations.parse("hook timeout", text);
    }
}
