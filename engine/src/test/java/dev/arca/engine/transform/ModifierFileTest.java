package dev.arca.engine.transform;

import static dev.arca.engine.transform.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.api.ArcaException;
import dev.arca.archive.ItemKey;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModifierFileTest {
    private static final ItemKey WEB = new ItemKey("deployments.apps", "shop", "web-frontend");

    private static ObjectNode deployment() {
        return obj("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web-frontend','namespace':'shop-qa',"
                + "'labels':{'app':'web','tier':'front'}},'spec':{'replicas':3,'template':{'spec':{'containers':["
                + "{'name':'web','image':'registry.prod/web:1'},{'name':'log','image':'registry.prod/log:1'}]}}}}");
    }

    private static ModifierRule only(String yaml) {
        List<ModifierRule> rules = ModifierFile.parse(yaml, "file m.yaml");
        assertThat(rules).hasSize(1);
        return rules.get(0);
    }

    @Test
    void readsVelerosFormatAndAppliesPatchesThenMergeThenStrategic() {
        ModifierRule rule = only("""
                version: v1
                resourceModifierRules:
                - conditions:
                    groupResource: deployments.apps
                    resourceNameRegex: "^web-.*$"
                    namespaces: [shop]
                  patches:
                  - operation: replace
                    path: /spec/replicas
                    value: "1"
                  mergePatches:
                  - patchData: |
                      {"metadata": {"labels": {"tier": null, "env": "qa"}}}
                  strategicPatches:
                  - patchData: |
                      spec:
                        template:
                          spec:
                            containers:
                            - name: log
                              image: registry.qa/log:2
                """);
        ObjectNode d = deployment();
        assertThat(rule.applies(WEB, "shop", d)).isTrue();
        rule.apply(WEB, "shop", d);
        assertThat(d.at("/spec/replicas").asInt()).isEqualTo(1);
        assertThat(d.at("/spec/replicas").isNumber()).as("\"1\" is read as the number 1, as Velero does").isTrue();
        assertThat(d.at("/metadata/labels")).isEqualTo(Json.node("{'app':'web','env':'qa'}"));
        assertThat(d.at("/spec/template/spec/containers/0/image").asText()).isEqualTo("registry.prod/web:1");
        assertThat(d.at("/spec/template/spec/containers/1/image").asText()).isEqualTo("registry.qa/log:2");
    }

    @Test
    void namespacesConditionMeansTheOriginalNamespace() {
        ModifierRule rule = only("version: v1\nresourceModifierRules:\n- conditions: {groupResource: '*.apps', namespaces: [shop]}\n"
                + "  patches: [{operation: remove, path: /spec/replicas}]\n");
        assertThat(rule.applies(WEB, "shop", deployment())).isTrue();
        assertThat(rule.applies(new ItemKey("deployments.apps", "shop-qa", "web-frontend"), "shop-qa", deployment())).isFalse();
        assertThat(rule.applies(new ItemKey("configmaps", "shop", "web-frontend"), "shop", deployment())).isFalse();
    }

    @Test
    void labelSelectorAndMatchesMustAllHold() {
        ModifierRule rule = only("""
                version: v1
                resourceModifierRules:
                - conditions:
                    groupResource: deployments.apps
                    labelSelector:
                      matchLabels: {app: web}
                      matchExpressions: [{key: tier, operator: In, values: [front, back]}]
                    matches:
                    - path: /spec/template/spec/containers/*/image
                      value: registry.prod/log:1
                  patches: [{operation: remove, path: /spec/replicas}]
                """);
        assertThat(rule.applies(WEB, "shop", deployment())).isTrue();
        ObjectNode other = deployment();
        other.with("metadata").with("labels").put("tier", "db");
        assertThat(rule.applies(WEB, "shop", other)).isFalse();
        ObjectNode noLog = deployment();
        noLog.withArray("/spec/template/spec/containers").remove(1);
        assertThat(rule.applies(WEB, "shop", noLog)).isFalse();
    }

    @Test
    void aFailedTestSkipsTheRestOfTheRule() {
        ModifierRule rule = only("""
                version: v1
                resourceModifierRules:
                - conditions: {groupResource: deployments.apps}
                  patches:
                  - {operation: test, path: /spec/replicas, value: "5"}
                  - {operation: replace, path: /spec/replicas, value: "1"}
                  mergePatches:
                  - patchData: '{"metadata":{"labels":{"patched":"yes"}}}'
                """);
        ObjectNode d = deployment();
        rule.apply(WEB, "shop", d);
        assertThat(d).isEqualTo(deployment());
    }

    @Test
    void valueRegexAndGlobsAreAccepted() {
        ModifierRule rule = only("""
                version: v1
                resourceModifierRules:
                - conditions: {groupResource: deployments.apps}
                  patches:
                  - path: /spec/template/spec/containers/*/image
                    valueRegex: {pattern: '^registry\\.prod/', replacement: 'registry.qa.local/'}
                """);
        ObjectNode d = deployment();
        rule.apply(WEB, "shop", d);
        assertThat(d.at("/spec/template/spec/containers").findValuesAsText("image"))
                .containsExactly("registry.qa.local/web:1", "registry.qa.local/log:1");
    }

    @Test
    void anErrorNamesTheSourceTheRuleAndItsLine() {
        String yaml = """
                version: v1
                resourceModifierRules:
                - conditions: {groupResource: deployments.apps}
                  patches: [{operation: remove, path: /spec/replicas}]
                - conditions:
                    groupResource: configmaps
                  patches:
                  - operation: frobnicate
                    path: /data
                """;
        assertThatThrownBy(() -> ModifierFile.parse(yaml, "file m.yaml"))
                .isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("file m.yaml, rule 2 (line 5)")
                .hasMessageContaining("patch 1: operation \"frobnicate\"");
    }

    @Test
    void aRegexThatDoesNotCompileIsRefusedWithItsRule() {
        String yaml = "version: v1\nresourceModifierRules:\n- conditions: {groupResource: pods, resourceNameRegex: 'web-(['}\n"
                + "  patches: [{operation: remove, path: /spec}]\n";
        assertThatThrownBy(() -> ModifierFile.parse(yaml, "file m.yaml"))
                .isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("rule 1 (line 3)").hasMessageContaining("resourceNameRegex \"web-([\" does not compile");
    }

    @Test
    void yamlThatDoesNotParseNamesItsLine() {
        String yaml = "version: v1\nresourceModifierRules:\n- conditions: {groupResource: pods\n  patches: []\n";
        assertThatThrownBy(() -> ModifierFile.parse(yaml, "file m.yaml"))
                .isInstanceOf(ArcaException.InvalidInput.class).hasMessageMatching("(?s).*not valid YAML at line \\d+.*");
    }

    @Test
    void missingGroupResourceUnknownFieldsAndWrongVersionAreRefused() {
        assertThatThrownBy(() -> ModifierFile.parse("version: v2\nresourceModifierRules: []\n", "f"))
                .hasMessageContaining("only version: v1");
        assertThatThrownBy(() -> ModifierFile.parse("version: v1\nresourceModifierRules:\n- conditions: {namespaces: [a]}\n"
                + "  patches: [{operation: remove, path: /a}]\n", "f")).hasMessageContaining("groupResource is missing");
        assertThatThrownBy(() -> ModifierFile.parse("version: v1\nresourceModifierRules:\n- conditions: {groupResource: pods}\n"
                + "  patchs: [{operation: remove, path: /a}]\n", "f")).hasMessageContaining("unknown field \"patchs\"");
        assertThatThrownBy(() -> ModifierFile.parse("version: v1\nresourceModifierRules:\n- conditions: {groupResource: pods}\n"
                + "  strategicPatches: [{patchData: '{\"spec\":{\"$setElementOrder/containers\":[]}}'}]\n", "f"))
                .hasMessageContaining("$setElementOrder/containers").hasMessageContaining("not supported");
    }
}
