package dev.arca.fleet.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.fleet.resources.OverridePolicy;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.UncheckedIOException;
import java.util.Map;

/** Test inputs written as JSON or YAML, read the way the hub reads them. */
final class Fixtures {
    static final RenderTarget PLAIN = new RenderTarget("tenant-a", "east-1", Map.of("region", "east"), null, null, null);

    private Fixtures() {
    }

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) Serialization.jsonMapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An OverridePolicy in namespace {@code shop}, its spec given as YAML (indented by two under spec:). */
    static OverridePolicy policy(String name, String specYaml) {
        String yaml = "apiVersion: fleet.arca.dev/v1alpha1\nkind: OverridePolicy\nmetadata:\n  name: " + name
                + "\n  namespace: shop\nspec:\n" + specYaml.stripIndent().indent(2);
        return Serialization.unmarshal(yaml, OverridePolicy.class);
    }

    static ObjectNode deployment() {
        return json("""
                {"apiVersion": "apps/v1", "kind": "Deployment",
                 "metadata": {"name": "web", "namespace": "shop", "labels": {"app": "web", "team.example.com/owner": "a"},
                              "annotations": {"note": "x"}},
                 "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web"}},
                          "template": {"metadata": {"labels": {"app": "web"}},
                                       "spec": {"initContainers": [{"name": "init", "image": "busybox:1.36"}],
                                                "containers": [{"name": "app", "image": "registry.example.com/shop/web:1.0",
                                                                "ports": [{"containerPort": 80}]},
                                                               {"name": "side", "image": "nginx"}]}}}}
                """);
    }
}
