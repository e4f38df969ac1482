package dev.arca.engine.restore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.api.RestoreSpec;
import dev.arca.api.RestoreTransforms;
import dev.arca.archive.ItemKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The restore's transforms run after sanitising and the namespace mapping, with the original namespace for conditions. */
class TransformOrderTest {
    private static final String RULES = """
            version: v1
            resourceModifierRules:
            - conditions:
                groupResource: configmaps
                namespaces: [shop]
                matches: [{path: /metadata/namespace, value: shop-qa}]
              patches: [{operation: add, path: /metadata/labels, value: '{"copied":"yes"}'}]
            - conditions: {groupResource: configmaps, namespaces: [shop-qa]}
              patches: [{operation: remove, path: /data}]
            """;

    @Test
    void rulesSeeTheMappedItemButMatchOnItsOriginalNamespace() throws Exception {
        RestoreSpec spec = new RestoreSpec("b", null, null, null, null, null, null, Map.of("shop", "shop-qa"), false, false, null,
                null, null).withTransforms(new RestoreTransforms(RULES, "test", null, null));
        ObjectNode cm = (ObjectNode) new ObjectMapper().readTree(
                "{\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\",\"namespace\":\"shop\",\"uid\":\"u\"},\"data\":{\"k\":\"v\"}}");

        ObjectNode out = new ItemTransformer(spec, RestorePlanner.plan(Map.of("configmaps", List.of("shop/c"))))
                .transform(new ItemKey("configmaps", "shop", "c"), cm, u -> null).item();

        assertThat(out.at("/metadata/namespace").asText()).isEqualTo("shop-qa");
        assertThat(out.at("/metadata/labels/copied").asText()).isEqualTo("yes");
        assertThat(out.at("/data/k").asText()).as("rule 2 names the target namespace: no match").isEqualTo("v");
        assertThat(out.at("/metadata").has("uid")).as("sanitised before").isFalse();
    }
}
