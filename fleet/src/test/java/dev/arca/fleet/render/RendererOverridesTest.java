package dev.arca.fleet.render;

import static dev.arca.fleet.render.Fixtures.PLAIN;
import static dev.arca.fleet.render.Fixtures.deployment;
import static dev.arca.fleet.render.Fixtures.json;
import static dev.arca.fleet.render.Fixtures.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.fleet.resources.OverridePolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RendererOverridesTest {
    private static final RenderTarget WEST_CELL_B = new RenderTarget("t", "west-2", Map.of("region", "west"), "cell-b", null, null);

    private static ObjectNode render(ObjectNode obj, RenderTarget target, OverridePolicy... policies) {
        return Renderer.render(obj, target, List.of(policies), null, "shop.web");
    }

    @Test
    void plaintextAddsReplacesAndRemovesWithJsonValues() {
        OverridePolicy p = policy("p", """
                overrideRules:
                - overriders:
                    plaintext:
                    - {path: /spec/template/spec/containers/0/ports/-, operator: add, value: {containerPort: 443}}
                    - {path: /spec/replicas, operator: replace, value: 5}
                    - {path: /metadata/annotations/note, operator: remove}
                    - {path: /metadata/annotations/example.com~1tier, operator: add, value: gold}
                """);
        ObjectNode out = render(deployment(), PLAIN, p);
        assertThat(out.at("/spec/template/spec/containers/0/ports"))
                .isEqualTo(json("{\"a\": [{\"containerPort\": 80}, {\"containerPort\": 443}]}").get("a"));
        assertThat(out.at("/spec/replicas").isInt()).isTrue();
        assertThat(out.at("/spec/replicas").asInt()).isEqualTo(5);
        assertThat(out.at("/metadata/annotations")).isEqualTo(json("{\"example.com/tier\": \"gold\"}"));
    }

    @Test
    void aRuleAppliesOnlyToTheClustersOrCellsItTargets() {
        OverridePolicy p = policy("p", """
                overrideRules:
                - targetCluster: {labelSelector: {matchLabels: {region: west}}}
                  overriders: {labelsOverrider: [{operator: add, value: {region-rule: "yes"}}]}
                - targetCells: [cell-a]
                  overriders: {labelsOverrider: [{operator: add, value: {cell-a-rule: "yes"}}]}
                - targetCells: [cell-b]
                  overriders: {labelsOverrider: [{operator: add, value: {cell-b-rule: "yes"}}]}
                - overriders: {labelsOverrider: [{operator: add, value: {everywhere: "yes"}}]}
                """);
        assertThat(render(deployment(), WEST_CELL_B, p).at("/metadata/labels").fieldNames())
                .toIterable().contains("region-rule", "cell-b-rule", "everywhere").doesNotContain("cell-a-rule");
        assertThat(render(deployment(), PLAIN, p).at("/metadata/labels").fieldNames())
                .toIterable().contains("everywhere").doesNotContain("region-rule", "cell-a-rule", "cell-b-rule");
    }

    @Test
    void aPolicyActsOnlyOnTheObjectsItsSelectorsMatchInItsNamespace() {
        OverridePolicy byLabel = policy("p", """
                resourceSelectors: [{apiVersion: apps/v1, kind: Deployment, labelSelector: {matchLabels: {app: web}}}]
                overrideRules: [{overriders: {annotationsOverrider: [{operator: add, value: {hit: "1"}}]}}]
                """);
        OverridePolicy byName = policy("q", """
                resourceSelectors: [{apiVersion: apps/v1, kind: Deployment, name: other}]
                overrideRules: [{overriders: {annotationsOverrider: [{operator: add, value: {miss: "1"}}]}}]
                """);
        ObjectNode out = render(deployment(), PLAIN, byLabel, byName);
        assertThat(out.at("/metadata/annotations/hit").asText()).isEqualTo("1");
        assertThat(out.at("/metadata/annotations").has("miss")).isFalse();
        ObjectNode elsewhere = deployment();
        elsewhere.with("metadata").put("namespace", "other-tenant");
        assertThat(render(elsewhere, PLAIN, byLabel).at("/metadata/annotations").has("hit")).isFalse();
        OverridePolicy noKind = policy("r", """
                resourceSelectors: [{apiVersion: apps/v1, name: web}]
                overrideRules: [{overriders: {annotationsOverrider: [{operator: add, value: {kindless: "1"}}]}}]
                """);
        assertThat(render(deployment(), PLAIN, noKind).at("/metadata/annotations").has("kindless")).isFalse();
    }

    @Test
    void aClusterScopedObjectIsOverriddenOnlyByPoliciesInTheFleetsSystemNamespace() {
        ObjectNode ns = json("{\"apiVersion\": \"v1\", \"kind\": \"Namespace\", \"metadata\": {\"name\": \"shop\"}}");
        String spec = "overrideRules: [{overriders: {labelsOverrider: [{operator: add, value: {touched: \"1\"}}]}}]";
        OverridePolicy tenant = policy("p", spec);
        OverridePolicy system = policy("p", spec);
        system.getMetadata().setNamespace("arca-fleet");
        assertThat(render(ns, PLAIN, tenant).at("/metadata/labels").has("touched")).isFalse();
        assertThat(render(ns, PLAIN, system).at("/metadata/labels/touched").asText()).isEqualTo("1");
    }

    @Test
    void policiesApplyInListOrderSoTheLaterWins() {
        OverridePolicy a = policy("a", "overrideRules: [{overriders: {plaintext: [{path: /spec/replicas, operator: replace, value: 1}]}}]");
        OverridePolicy b = policy("b", "overrideRules: [{overriders: {plaintext: [{path: /spec/replicas, operator: replace, value: 2}]}}]");
        assertThat(render(deployment(), PLAIN, a, b).at("/spec/replicas").asInt()).isEqualTo(2);
        assertThat(render(deployment(), PLAIN, b, a).at("/spec/replicas").asInt()).isEqualTo(1);
    }

    @Test
    void imageOverriderChangesEveryContainerImageOrOnlyThePredicatesOne() {
        OverridePolicy all = policy("p", """
                overrideRules: [{overriders: {imageOverrider: [{component: Registry, operator: replace, value: mirror.local:5000}]}}]
                """);
        ObjectNode out = render(deployment(), PLAIN, all);
        assertThat(out.at("/spec/template/spec/initContainers/0/image").asText()).isEqualTo("mirror.local:5000/busybox:1.36");
        assertThat(out.at("/spec/template/spec/containers/0/image").asText()).isEqualTo("mirror.local:5000/shop/web:1.0");
        assertThat(out.at("/spec/template/spec/containers/1/image").asText()).isEqualTo("mirror.local:5000/nginx");
        OverridePolicy one = policy("p", """
                overrideRules: [{overriders: {imageOverrider: [{predicate: {path: /spec/template/spec/containers/0/image},
                                                               component: Tag, operator: replace, value: "2.0"}]}}]
                """);
        out = render(deployment(), PLAIN, one);
        assertThat(out.at("/spec/template/spec/containers/0/image").asText()).isEqualTo("registry.example.com/shop/web:2.0");
        assertThat(out.at("/spec/template/spec/containers/1/image").asText()).isEqualTo("nginx");
    }

    @Test
    void labelsOverriderReplacesAndRemovesOnlyKeysThatAreThere() {
        OverridePolicy p = policy("p", """
                overrideRules:
                - overriders:
                    labelsOverrider:
                    - {operator: replace, value: {app: web2, absent: x}}
                    - {operator: remove, value: {team.example.com/owner: "", gone: ""}}
                    annotationsOverrider:
                    - {operator: add, value: {note: changed, extra: e}}
                """);
        ObjectNode out = render(deployment(), PLAIN, p);
        assertThat(out.at("/metadata/labels")).isEqualTo(json("{\"app\": \"web2\", \"fleet.arca.dev/binding\": \"shop.web\"}"));
        assertThat(out.at("/metadata/annotations")).isEqualTo(json("{\"note\": \"changed\", \"extra\": \"e\"}"));
    }

    @Test
    void aPlaintextPathThatDoesNotExistIsAnErrorNamingPolicyRuleOverriderAndObject() {
        OverridePolicy p = policy("bad", """
                overrideRules:
                - overriders: {labelsOverrider: [{operator: add, value: {a: b}}]}
                - overriders:
                    plaintext:
                    - {path: /spec/replicas, operator: replace, value: 2}
                    - {path: /spec/template/spec/containers/0/resources/limits, operator: replace, value: {cpu: "1"}}
                """);
        OverrideException e = catchThrowableOfType(() -> render(deployment(), PLAIN, p), OverrideException.class);
        assertThat(e.policy()).isEqualTo("shop/bad");
        assertThat(e.getMessage()).startsWith("OverridePolicy shop/bad rule 1 plaintext[1]: replace of /spec/template/spec/containers/0/resources/limits")
                .contains("does not exist").contains("in Deployment/web;").contains("fix the path").doesNotContain("null");
    }

    @Test
    void aBadOperatorIsAnErrorNamingIt() {
        OverridePolicy p = policy("bad", "overrideRules: [{overriders: {plaintext: [{path: /spec/replicas, operator: move, value: 1}]}}]");
        OverrideException e = catchThrowableOfType(() -> render(deployment(), PLAIN, p), OverrideException.class);
        assertThat(e.getMessage()).startsWith("OverridePolicy shop/bad rule 0 plaintext[0]: operator \"move\" is not one of [add, remove, replace]")
                .contains("in Deployment/web; use add, remove or replace");
        OverridePolicy img = policy("img", "overrideRules: [{overriders: {imageOverrider: [{component: Digest, operator: replace, value: x}]}}]");
        assertThat(catchThrowableOfType(() -> render(deployment(), PLAIN, img), OverrideException.class).getMessage())
                .startsWith("OverridePolicy shop/img rule 0 imageOverrider[0]: component \"Digest\"").contains("Registry, Repository or Tag");
        OverridePolicy noValue = policy("nv", "overrideRules: [{overriders: {plaintext: [{path: /spec/x, operator: add}]}}]");
        assertThat(catchThrowableOfType(() -> render(deployment(), PLAIN, noValue), OverrideException.class).getMessage())
                .startsWith("OverridePolicy shop/nv rule 0 plaintext[0]: add of /spec/x:").contains("needs a value");
    }

    @Test
    void aMissingPathOrOperatorIsNamedWithoutSayingNull() {
        OverridePolicy noPath = policy("np", "overrideRules: [{overriders: {plaintext: [{operator: add, value: 1}]}}]");
        assertThat(catchThrowableOfType(() -> render(deployment(), PLAIN, noPath), OverrideException.class).getMessage())
                .startsWith("OverridePolicy shop/np rule 0 plaintext[0]: it has no path, in Deployment/web; give a JSON pointer")
                .doesNotContain("null");
        OverridePolicy noOp = policy("no", "overrideRules: [{overriders: {labelsOverrider: [{value: {a: b}}]}}]");
        assertThat(catchThrowableOfType(() -> render(deployment(), PLAIN, noOp), OverrideException.class).getMessage())
                .startsWith("OverridePolicy shop/no rule 0 labelsOverrider[0]: operator \"\" is not one of").doesNotContain("null");
        OverridePolicy noComponent = policy("nc", "overrideRules: [{overriders: {imageOverrider: [{operator: replace, value: x}]}}]");
        assertThat(catchThrowableOfType(() -> render(deployment(), PLAIN, noComponent), OverrideException.class).getMessage())
                .contains("component \"\" with operator \"replace\"").doesNotContain("null");
    }

    @Test
    void aPredicatePathWithoutAnImageIsAnError() {
        OverridePolicy p = policy("p", """
                overrideRules: [{overriders: {imageOverrider: [{predicate: {path: /spec/template/spec/containers/5/image},
                                                               component: Tag, operator: replace, value: "2"}]}}]
                """);
        assertThat(catchThrowableOfType(() -> render(deployment(), PLAIN, p), OverrideException.class).getMessage())
                .startsWith("OverridePolicy shop/p rule 0 imageOverrider[0]: predicate.path /spec/template/spec/containers/5/image holds no image");
    }
}
