package dev.arca.engine.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import dev.arca.api.HookErrorMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HookAnnotationsTest {
    private static HookPod pod(Map<String, String> annotations) {
        return new HookPod("shop", "db-0", Map.of("app", "db"), annotations, List.of("db", "sidecar"));
    }

    @Test
    void aPreHookTakesAJsonArrayCommandAndTheVeleroDefaults() {
        PodHook hook = HookAnnotations.backup(pod(Map.of("pre.hook.backup.velero.io/command",
                "[\"/bin/sh\", \"-c\", \"sync\"]")), HookAnnotations.PRE_BACKUP).orElseThrow();

        assertThat(hook.command()).containsExactly("/bin/sh", "-c", "sync");
        assertThat(hook.container()).as("no container annotation: the first container").isEqualTo("db");
        assertThat(hook.onError()).isEqualTo(HookErrorMode.Fail);
        assertThat(hook.timeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aPlainStringIsTheWholeCommandAndTheOtherAnnotationsAreRead() {
        PodHook hook = HookAnnotations.backup(pod(Map.of(
                "post.hook.backup.velero.io/command", "/usr/bin/unfreeze",
                "post.hook.backup.velero.io/container", "sidecar",
                "post.hook.backup.velero.io/on-error", "continue",
                "post.hook.backup.velero.io/timeout", "1m30s")), HookAnnotations.POST_BACKUP).orElseThrow();

        assertThat(hook.command()).containsExactly("/usr/bin/unfreeze");
        assertThat(hook.container()).isEqualTo("sidecar");
        assertThat(hook.onError()).isEqualTo(HookErrorMode.Continue);
        assertThat(hook.timeout()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void aPodWithoutACommandAnnotationHasNoHookOfThatPhase() {
        assertThat(HookAnnotations.backup(pod(Map.of("pre.hook.backup.velero.io/container", "db")),
                HookAnnotations.PRE_BACKUP)).isEmpty();
        assertThat(HookAnnotations.backup(pod(Map.of("pre.hook.backup.velero.io/command", "sync")),
                HookAnnotations.POST_BACKUP)).isEmpty();
    }

    @Test
    void aBadTimeoutNamesThePodAndTheAnnotation() {
        assertThatThrownBy(() -> HookAnnotations.backup(pod(Map.of("pre.hook.backup.velero.io/command", "sync",
                "pre.hook.backup.velero.io/timeout", "ten seconds")), HookAnnotations.PRE_BACKUP))
                .isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("pre.hook.backup.velero.io/timeout")
                .hasMessageContaining("pod shop/db-0")
                .hasMessageContaining("\"ten seconds\"")
                .hasMessageContaining("e.g. 720h");
    }

    @Test
    void aBadOnErrorOrCommandNamesThePodAndTheAnnotation() {
        assertThatThrownBy(() -> HookAnnotations.backup(pod(Map.of("pre.hook.backup.velero.io/command", "sync",
                "pre.hook.backup.velero.io/on-error", "Ignore")), HookAnnotations.PRE_BACKUP))
                .isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("pre.hook.backup.velero.io/on-error of pod shop/db-0")
                .hasMessageContaining("use Fail or Continue");
        assertThatThrownBy(() -> HookAnnotations.backup(pod(Map.of("pre.hook.backup.velero.io/command", "[\"sync\", 3")),
                HookAnnotations.PRE_BACKUP))
                .isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("pre.hook.backup.velero.io/command of pod shop/db-0")
                .hasMessageContaining("not a JSON array of strings");
    }

    @Test
    void aPostRestoreHookDefaultsToContinueAndReadsBothTimeouts() {
        PodHook hook = HookAnnotations.restoreExec(pod(Map.of("post.hook.restore.velero.io/command", "[\"cat\", \"/data/x\"]",
                "post.hook.restore.velero.io/exec-timeout", "45s",
                "post.hook.restore.velero.io/wait-timeout", "2m"))).orElseThrow();

        assertThat(hook.onError()).isEqualTo(HookErrorMode.Continue);
        assertThat(hook.timeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(hook.waitTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThatThrownBy(() -> HookAnnotations.restoreExec(pod(Map.of("post.hook.restore.velero.io/command", "x",
                "post.hook.restore.velero.io/wait-timeout", "0s"))))
                .hasMessageContaining("post.hook.restore.velero.io/wait-timeout of pod shop/db-0")
                .hasMessageContaining("is zero");
    }

    @Test
    void anInitHookNeedsAnImageAndTakesANameAndCommand() {
        var init = HookAnnotations.restoreInit(pod(Map.of("init.hook.restore.velero.io/container-image", "busybox",
                "init.hook.restore.velero.io/container-name", "prepare",
                "init.hook.restore.velero.io/command", "[\"sh\", \"-c\", \"echo hi\"]"))).orElseThrow();

        assertThat(init.name()).isEqualTo("prepare");
        assertThat(init.image()).isEqualTo("busybox");
        assertThat(init.command()).containsExactly("sh", "-c", "echo hi");
        assertThat(HookAnnotations.restoreInit(pod(Map.of("init.hook.restore.velero.io/container-name", "x")))).isEmpty();
    }
}
