package dev.arca.fleet.render;

import static dev.arca.fleet.render.Fixtures.PLAIN;
import static dev.arca.fleet.render.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.api.ArcaException;
import dev.arca.api.RestoreTransforms;
import dev.arca.archive.ItemKey;
import dev.arca.engine.transform.Transforms;
import dev.arca.fleet.resources.FleetResources;
import dev.arca.fleet.resources.OverridePolicy;
import dev.arca.fleet.resources.OverrideSpec;
import io.fabric8.kubernetes.api.model.AnyType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * One conformance suite for the one patch engine: every case runs through the restore path (a
 * Velero resource-modifier rule, or an image rule, through the engine's {@link Transforms}) and
 * through a fleet OverridePolicy rendered by {@link Renderer}, and both must give the same object,
 * or both must refuse it.
 */
class OverrideConformanceTest {
    private static final ItemKey KEY = new ItemKey("deployments.apps", "shop", "web");
    private static final String TEMPLATE = """
            {"apiVersion": "apps/v1", "kind": "Deployment",
             "metadata": {"name": "web", "namespace": "shop", "labels": {"app": "web"}, "annotations": {"note": "x", "a~b": "t"}},
             "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web"}},
                      "template": {"metadata": {"labels": {"app": "web"}},
                                   "spec": {"initContainers": [{"name": "init", "image": "busybox:1.36"}],
                                            "containers": [{"name": "app", "image": "registry.example.com/shop/web:1.0",
                                                            "ports": [{"containerPort": 80}]},
                                                           {"name": "side", "image": "nginx"},
                                                           {"name": "pinned", "image": "localhost:5000/tools/probe@sha256:0123abcd"}]}}}}
            """;

    /** A JSON patch operation: op, path, value (null for remove); {@code fails}: both paths must refuse it. */
    private record Patch(String op, String path, String value, boolean fails) {
    }

    private static final List<Patch> PATCHES = List.of(
            new Patch("add", "/metadata/annotations/tier", "\"gold\"", false),
            new Patch("add", "/metadata/labels/example.com~1team", "\"payments\"", false),
            new Patch("replace", "/metadata/annotations/a~0b", "\"u\"", false),
            new Patch("replace", "/spec/replicas", "5", false),
            new Patch("add", "/spec/paused", "true", false),
            new Patch("remove", "/metadata/annotations/note", null, false),
            new Patch("add", "/spec/template/spec/nodeSelector", "{\"disk\": \"ssd\"}", false),
            new Patch("replace", "/spec/selector", "{\"matchLabels\": {\"app\": \"web\", \"tier\": \"front\"}}", false),
            new Patch("add", "/spec/template/spec/containers/0/ports/-", "{\"containerPort\": 443}", false),
            new Patch("add", "/spec/template/spec/containers/0/ports/0", "{\"containerPort\": 8080}", false),
            new Patch("replace", "/spec/template/spec/containers/0/ports/0", "{\"containerPort\": 81}", false),
            new Patch("remove", "/spec/template/spec/containers/1", null, false),
            new Patch("add", "/spec/template/spec/containers/0/args", "[\"--port\", \"80\"]", false),
            new Patch("add", "/spec/template/spec/containers/*/imagePullPolicy", "\"Always\"", false),
            new Patch("replace", "/spec/template/spec/containers/0/resources", "{\"limits\": {\"cpu\": \"1\"}}", true),
            new Patch("remove", "/metadata/annotations/absent", null, true),
            new Patch("remove", "/spec/template/spec/containers/9", null, true),
            new Patch("add", "/spec/template/spec/containers/0/ports/5", "{\"containerPort\": 1}", true),
            new Patch("add", "/spec/strategy/rollingUpdate/maxSurge", "1", true));

    /** component, operator, value of an image change (Karmada's imageOverrider). */
    private static final List<String[]> IMAGES = List.of(
            new String[] {"Registry", "replace", "mirror.local:5000"},
            new String[] {"Registry", "remove", null},
            new String[] {"Registry", "add", "-eu"},
            new String[] {"Repository", "replace", "team/app"},
            new String[] {"Repository", "add", "-debug"},
            new String[] {"Tag", "replace", "2.0"},
            new String[] {"Tag", "add", "edge"},
            new String[] {"Tag", "remove", null});

    @TestFactory
    Stream<DynamicTest> jsonPatchesGiveTheSameObjectOnRestoreAndInTheFleet() {
        return PATCHES.stream().map(p -> DynamicTest.dynamicTest(p.op() + " " + p.path(), () -> {
            ObjectNode template = json(TEMPLATE);
            OverridePolicy policy = plaintextPolicy(p);
            if (p.fails()) {
                assertThatThrownBy(() -> restore(template, veleroRule(p))).isInstanceOf(ArcaException.class);
                assertThatThrownBy(() -> Renderer.render(template, PLAIN, List.of(policy), null, "shop.web"))
                        .isInstanceOf(OverrideException.class);
                return;
            }
            ObjectNode restored = restore(template, veleroRule(p));
            assertThat(restored).as("the restore path changed the object").isNotEqualTo(json(TEMPLATE));
            assertThat(fleet(template, policy)).isEqualTo(restored);
        }));
    }

    @TestFactory
    Stream<DynamicTest> imageChangesGiveTheSameObjectOnRestoreAndInTheFleet() {
        return IMAGES.stream().map(i -> DynamicTest.dynamicTest(String.join(" ", i[0], i[1], String.valueOf(i[2])), () -> {
            ObjectNode template = json(TEMPLATE);
            String rule = i[0].toLowerCase() + ":" + i[1] + (i[2] == null ? "" : ":" + i[2]);
            ObjectNode restored = restore(template, new RestoreTransforms(null, null, null, List.of(rule)));
            assertThat(restored).as("the restore path changed the object").isNotEqualTo(json(TEMPLATE));
            OverrideSpec.ImageOverrider io = new OverrideSpec.ImageOverrider();
            io.component = i[0];
            io.operator = i[1];
            io.value = i[2];
            OverrideSpec.OverrideRule r = new OverrideSpec.OverrideRule();
            r.overriders.imageOverrider.add(io);
            assertThat(fleet(template, policy(r))).isEqualTo(restored);
        }));
    }

    private static RestoreTransforms veleroRule(Patch p) {
        String yaml = "version: v1\nresourceModifierRules:\n- conditions:\n    groupResource: deployments.apps\n  patches:\n"
                + "  - operation: " + p.op() + "\n    path: \"" + p.path() + "\"\n"
                + (p.value() == null ? "" : "    value: " + p.value() + "\n");
        return new RestoreTransforms(yaml, "conformance case " + p.op() + " " + p.path(), null, null);
    }

    private static ObjectNode restore(ObjectNode template, RestoreTransforms spec) {
        ObjectNode item = template.deepCopy();
        Transforms.of(spec).apply(KEY, "shop", item);
        return item;
    }

    /** The fleet's copy, less the binding label, which only the fleet adds. */
    private static ObjectNode fleet(ObjectNode template, OverridePolicy policy) {
        ObjectNode out = Renderer.render(template, PLAIN, List.of(policy), null, "shop.web");
        assertThat(out.at("/metadata/labels/fleet.arca.dev~1binding").asText()).isEqualTo("shop.web");
        ((ObjectNode) out.get("metadata").get("labels")).remove(FleetResources.BINDING_LABEL);
        return out;
    }

    private static OverridePolicy plaintextPolicy(Patch p) {
        OverrideSpec.PlaintextOverrider po = new OverrideSpec.PlaintextOverrider();
        po.path = p.path();
        po.operator = p.op();
        if (p.value() != null) {
            JsonNode value = json("{\"v\": " + p.value() + "}").get("v");
            po.value = new AnyType(Serialization.jsonMapper().convertValue(value, Object.class));
        }
        OverrideSpec.OverrideRule r = new OverrideSpec.OverrideRule();
        r.overriders.plaintext.add(po);
        return policy(r);
    }

    private static OverridePolicy policy(OverrideSpec.OverrideRule rule) {
        OverridePolicy policy = new OverridePolicy();
        policy.getMetadata().setName("conformance");
        policy.getMetadata().setNamespace("shop");
        policy.setSpec(new OverrideSpec());
        policy.getSpec().overrideRules.add(rule);
        return policy;
    }
}
