package dev.arca.engine.hooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.ArcaException;
import dev.arca.api.Durations;
import dev.arca.api.HookErrorMode;
import dev.arca.api.RestoreHooks;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Velero's hook annotations on a pod, read as they are: {@code pre.hook.backup.velero.io/*} and
 * {@code post.hook.backup.velero.io/*} (container, command, on-error, timeout),
 * {@code post.hook.restore.velero.io/*} (container, command, on-error, exec-timeout, wait-timeout)
 * and {@code init.hook.restore.velero.io/*} (container-image, container-name, command). A command
 * is a JSON array or one plain string (the whole command, no shell). A bad value is invalid input
 * naming the pod and the annotation.
 */
public final class HookAnnotations {
    public static final String PRE_BACKUP = "pre.hook.backup.velero.io/";
    public static final String POST_BACKUP = "post.hook.backup.velero.io/";
    public static final String POST_RESTORE = "post.hook.restore.velero.io/";
    public static final String INIT_RESTORE = "init.hook.restore.velero.io/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private HookAnnotations() {
    }

    /** The backup hook of {@code prefix} ({@link #PRE_BACKUP} or {@link #POST_BACKUP}) the pod asks for, if any. */
    public static Optional<PodHook> backup(HookPod pod, String prefix) {
        String command = pod.annotations().get(prefix + "command");
        if (command == null) {
            return Optional.empty();
        }
        return Optional.of(new PodHook("annotation", pod.container(pod.annotations().get(prefix + "container")),
                command(pod, prefix + "command", command), errorMode(pod, prefix + "on-error", HookErrorMode.Fail),
                duration(pod, prefix + "timeout", Duration.ofSeconds(30)), null));
    }

    /** The post-restore exec hook the pod asks for, if any. */
    public static Optional<PodHook> restoreExec(HookPod pod) {
        String command = pod.annotations().get(POST_RESTORE + "command");
        if (command == null) {
            return Optional.empty();
        }
        return Optional.of(new PodHook("annotation", pod.container(pod.annotations().get(POST_RESTORE + "container")),
                command(pod, POST_RESTORE + "command", command), errorMode(pod, POST_RESTORE + "on-error", HookErrorMode.Continue),
                duration(pod, POST_RESTORE + "exec-timeout", RestoreHooks.DEFAULT_EXEC_TIMEOUT),
                duration(pod, POST_RESTORE + "wait-timeout", RestoreHooks.DEFAULT_WAIT_TIMEOUT)));
    }

    /**
     * The init container the pod asks for, if any. It mounts what the pod's first container mounts
     * (set by the caller, which has the pod's spec), so that it can prepare the data the pod uses.
     */
    public static Optional<RestoreHooks.InitContainer> restoreInit(HookPod pod) {
        String image = pod.annotations().get(INIT_RESTORE + "container-image");
        if (image == null) {
            return Optional.empty();
        }
        String name = pod.annotations().getOrDefault(INIT_RESTORE + "container-name", "restore-hook-init");
        String command = pod.annotations().get(INIT_RESTORE + "command");
        try {
            return Optional.of(new RestoreHooks.InitContainer(name, image,
                    command == null ? List.of() : command(pod, INIT_RESTORE + "command", command), List.of()));
        } catch (ArcaException.InvalidInput e) {
            throw new ArcaException.InvalidInput("pod " + pod.ref() + ": " + e.getMessage(), e);
        }
    }

    static List<String> command(HookPod pod, String annotation, String text) {
        String t = text.strip();
        if (!t.startsWith("[")) {
            if (t.isEmpty()) {
                throw bad(pod, annotation, text, "is empty; give a command, e.g. [\"/bin/sh\", \"-c\", \"sync\"]");
            }
            return List.of(t);
        }
        try {
            String[] parts = JSON.readValue(t, String[].class);
            if (parts.length == 0 || Arrays.stream(parts).anyMatch(p -> p == null)) {
                throw bad(pod, annotation, text, "is an empty array or holds a null; give e.g. [\"/bin/sh\", \"-c\", \"sync\"]");
            }
            return List.of(parts);
        } catch (JsonProcessingException e) {
            throw bad(pod, annotation, text, "is not a JSON array of strings (" + e.getOriginalMessage()
                    + "); give e.g. [\"/bin/sh\", \"-c\", \"sync\"] or one plain command");
        }
    }

    private static HookErrorMode errorMode(HookPod pod, String annotation, HookErrorMode fallback) {
        String text = pod.annotations().get(annotation);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        return HookErrorMode.parse("annotation " + annotation + " of pod " + pod.ref(), text);
    }

    private static Duration duration(HookPod pod, String annotation, Duration fallback) {
        String text = pod.annotations().get(annotation);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        Duration d = Durations.parse("annotation " + annotation + " of pod " + pod.ref(), text);
        if (d.isZero()) {
            throw bad(pod, annotation, text, "is zero; give a positive duration such as 30s or 2m");
        }
        return d;
    }

    private static ArcaException.InvalidInput bad(HookPod pod, String annotation, String text, String what) {
        return new ArcaException.InvalidInput("annotation " + annotation + " of pod " + pod.ref() + " \"" + text + "\" " + what);
    }
}
