package dev.arca.engine.transform;

import static dev.arca.engine.transform.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.api.ArcaException;
import dev.arca.archive.ItemKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModifierParametersTest {
    private static final ItemKey WEB = new ItemKey("deployments.apps", "shop", "web");
    private static final String FILE = """
            version: v1
            resourceModifierRules:
            - conditions: {groupResource: deployments.apps}
              patches:
              - {operation: replace, path: /spec/replicas, value: "${replicas}"}
              mergePatches:
              - patchData: '{"metadata": {"labels": {"color": "${color}"}}}'
              - patchData: |
                  metadata:
                    annotations:
                      note: "shade ${color} (tier ${tier})"
            """;

    private static ObjectNode applied(String text, Map<String, String> params) {
        List<ModifierRule> rules = ModifierFile.parse(ModifierParameters.substitute(text, params, "file qa.yaml"), "file qa.yaml");
        ObjectNode d = obj("{'metadata':{'name':'web','namespace':'shop'},'spec':{'replicas':3}}");
        rules.forEach(r -> r.apply(WEB, "shop", d));
        return d;
    }

    @Test
    void substitutesEveryPlaceholderAndTheRuleAppliesTheValues() {
        ObjectNode d = applied(FILE, Map.of("replicas", "2", "color", "blue", "tier", "qa"));
        assertThat(d.at("/metadata/labels/color").asText()).isEqualTo("blue");
        assertThat(d.at("/metadata/annotations/note").asText()).isEqualTo("shade blue (tier qa)");
        assertThat(d.at("/spec/replicas").isNumber()).as("a whole-value placeholder reads as a literal would: 2 is a number").isTrue();
        assertThat(d.at("/spec/replicas").asInt()).isEqualTo(2);
    }

    @Test
    void aValueWithYamlAndJsonSpecialCharactersStaysOneString() {
        String nasty = "red\", \"evil\": \"x\"}\n- {a: [1, 2]} # not a comment: &anchor *alias 'q' ${no}";
        ObjectNode d = applied(FILE, Map.of("replicas", "1", "color", nasty, "tier", "a: b"));
        assertThat(d.at("/metadata/labels/color").asText()).isEqualTo(nasty);
        assertThat(d.at("/metadata/labels").size()).as("no key was added by the value").isEqualTo(1);
        assertThat(d.at("/metadata/annotations/note").asText()).isEqualTo("shade " + nasty + " (tier a: b)");
    }

    @Test
    void anUnknownPlaceholderIsAnErrorNamingItAndTheFile() {
        assertThatThrownBy(() -> ModifierParameters.substitute(FILE, Map.of("color", "blue"), "file qa.yaml"))
                .isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("file qa.yaml")
                .hasMessageContaining("${replicas}, ${tier}")
                .hasMessageContaining("defined: color");
    }

    @Test
    void aDoubledDollarIsALiteralPlaceholder() {
        String text = "version: v1\nresourceModifierRules:\n- conditions: {groupResource: deployments.apps}\n"
                + "  patches:\n  - operation: replace\n    path: /metadata/name\n"
                + "    valueRegex: {pattern: '(?<n>web)', replacement: '$${n}-${suffix}'}\n";
        ObjectNode d = applied(text, Map.of("suffix", "qa"));
        assertThat(d.at("/metadata/name").asText()).isEqualTo("web-qa");
    }

    @Test
    void aValueThatWouldTurnAStringIntoAnObjectIsRefused() {
        String text = "version: v1\nresourceModifierRules:\n- conditions: {groupResource: deployments.apps}\n"
                + "  patches:\n  - {operation: add, path: /spec/selector, value: \"${selector}\"}\n";
        assertThatThrownBy(() -> ModifierParameters.substitute(text, Map.of("selector", "{\"matchLabels\": {}}"), "file qa.yaml"))
                .isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("file qa.yaml")
                .hasMessageContaining("/resourceModifierRules/0/patches/0/value")
                .hasMessageContaining("parameters are data");
    }

    @Test
    void aFieldNamedValueInsidePatchDataIsDataAndStaysAString() {
        String text = """
                version: v1
                resourceModifierRules:
                - conditions: {groupResource: deployments.apps}
                  mergePatches:
                  - patchData: |
                      data:
                        value: '{"a": "${x}"}'
                """;
        ObjectNode d = applied(text, Map.of("x", "1"));
        assertThat(d.at("/data/value").isTextual()).as(d.toString()).isTrue();
        assertThat(d.at("/data/value").asText()).isEqualTo("{\"a\": \"1\"}");
    }

    @Test
    void textWithoutPlaceholdersIsReturnedAsItIs() {
        String text = "version: v1  # a comment that a rewrite would lose\nresourceModifierRules: []\n";
        assertThat(ModifierParameters.substitute(text, Map.of(), "file qa.yaml")).isSameAs(text);
    }
}
