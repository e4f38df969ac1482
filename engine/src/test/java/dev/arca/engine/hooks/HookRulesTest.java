package dev.arca.engine.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.api.BackupHooks;
import dev.arca.api.HookErrorMode;
import dev.arca.api.HookSelector;
import dev.arca.api.RestoreHooks;
import dev.arca.engine.RunLog;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class HookRulesTest {
    private static final BackupHooks SPEC = new BackupHooks(List.of(
            new BackupHooks.Rule("freeze-db", List.of("shop*"), List.of("shop-qa"),
                    new HookSelector(Map.of("app", "db"), List.of(new HookSelector.Expression("tier", "NotIn", List.of("test")))),
                    List.of(new BackupHooks.Step(new BackupHooks.Exec(null, List.of("fsfreeze", "-f", "/data"), null, "10s"))),
                    List.of(new BackupHooks.Step(new BackupHooks.Exec("db", List.of("fsfreeze", "-u", "/data"),
                            HookErrorMode.Continue, null))))));

    private static HookPod pod(String ns, Map<String, String> labels, Map<String, String> annotations) {
        return new HookPod(ns, "db-0", labels, annotations, List.of("db"));
    }

    @Test
    void aRuleAppliesToPodsOfItsNamespacesAndLabels() {
        List<PodHook> pre = HookRules.backup(SPEC, pod("shop", Map.of("app", "db"), Map.of()), HookRules.PRE);

        assertThat(pre).singleElement().satisfies(h -> {
            assertThat(h.source()).isEqualTo("rule freeze-db");
            assertThat(h.container()).isEqualTo("db");
            assertThat(h.onError()).isEqualTo(HookErrorMode.Fail);
            assertThat(h.timeout()).isEqualTo(Duration.ofSeconds(10));
        });
        assertThat(HookRules.backup(SPEC, pod("shop", Map.of("app", "db"), Map.of()), HookRules.POST))
                .singleElement().satisfies(h -> assertThat(h.onError()).isEqualTo(HookErrorMode.Continue));
        assertThat(HookRules.backup(SPEC, pod("shop-qa", Map.of("app", "db"), Map.of()), HookRules.PRE)).as("excluded").isEmpty();
        assertThat(HookRules.backup(SPEC, pod("blog", Map.of("app", "db"), Map.of()), HookRules.PRE)).as("not included").isEmpty();
        assertThat(HookRules.backup(SPEC, pod("shop", Map.of("app", "web"), Map.of()), HookRules.PRE)).as("labels").isEmpty();
        assertThat(HookRules.backup(SPEC, pod("shop", Map.of("app", "db", "tier", "test"), Map.of()), HookRules.PRE))
                .as("expression").isEmpty();
    }

    @Test
    void aPodsOwnAnnotationsOfAPhaseWinOverTheRules() {
        HookPod annotated = pod("shop", Map.of("app", "db"), Map.of("pre.hook.backup.velero.io/command", "sync"));

        assertThat(HookRules.backup(SPEC, annotated, HookRules.PRE)).singleElement()
                .satisfies(h -> assertThat(h.command()).containsExactly("sync"));
        assertThat(HookRules.backup(SPEC, annotated, HookRules.POST)).as("no post annotation: the rule's post hook")
                .singleElement().satisfies(h -> assertThat(h.source()).isEqualTo("rule freeze-db"));
    }

    @Test
    void restoreInitContainersGoFirstAndAnAnnotatedOneMountsWhatTheFirstContainerMounts() throws Exception {
        ObjectNode item = (ObjectNode) new ObjectMapper().readTree("""
                {"metadata": {"name": "web", "annotations": {
                   "init.hook.restore.velero.io/container-image": "localhost/debian:bookworm",
                   "init.hook.restore.velero.io/command": "[\\"sh\\", \\"-c\\", \\"echo restored > /data/marker\\"]"}},
                 "spec": {"initContainers": [{"name": "own", "image": "x"}],
                          "containers": [{"name": "web", "image": "x", "volumeMounts": [{"name": "data", "mountPath": "/data"}]}]}}
                """);
        List<String> lines = new ArrayList<>();
        RestoreHookRun run = new RestoreHookRun(null, null, new RunLog(lines::add, LoggerFactory.getLogger("test"), Clock.systemUTC()));

        run.addInitContainers("shop", item);

        assertThat(item.at("/spec/initContainers/0/name").asText()).isEqualTo("restore-hook-init");
        assertThat(item.at("/spec/initContainers/0/command/2").asText()).isEqualTo("echo restored > /data/marker");
        assertThat(item.at("/spec/initContainers/0/volumeMounts/0/mountPath").asText()).isEqualTo("/data");
        assertThat(item.at("/spec/initContainers/1/name").asText()).as("the pod's own init container comes after").isEqualTo("own");
        assertThat(lines).singleElement().asString().contains("init containers added: [restore-hook-init]");
    }

    @Test
    void restoreRulesGiveInitContainersAndExecHooksOfMatchingPods() {
        RestoreHooks spec = new RestoreHooks(List.of(new RestoreHooks.Rule("warm", List.of("shop"), null, null, List.of(
                new RestoreHooks.Step(new RestoreHooks.Init(List.of(new RestoreHooks.InitContainer("prep", "busybox",
                        List.of("true"), List.of(new RestoreHooks.Mount("data", "/d"))))), null),
                new RestoreHooks.Step(null, new RestoreHooks.Exec(null, List.of("cat", "/d/x"), null, "5s", "1m"))))));
        HookPod inShop = pod("shop", Map.of(), Map.of());

        assertThat(HookRules.restoreInit(spec, inShop)).extracting(RestoreHooks.InitContainer::name).containsExactly("prep");
        assertThat(HookRules.restoreExec(spec, inShop)).singleElement().satisfies(h -> {
            assertThat(h.source()).isEqualTo("rule warm");
            assertThat(h.onError()).isEqualTo(HookErrorMode.Continue);
            assertThat(h.timeout()).isEqualTo(Duration.ofSeconds(5));
            assertThat(h.waitTimeout()).isEqualTo(Duration.ofMinutes(1));
        });
        assertThat(HookRules.restoreExec(spec, pod("blog", Map.of(), Map.of()))).isEmpty();
    }
}
