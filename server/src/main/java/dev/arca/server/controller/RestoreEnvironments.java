package dev.arca.server.controller;

import dev.arca.api.ArcaException;
import dev.arca.api.RestoreTransforms;
import dev.arca.engine.transform.ModifierTexts;
import dev.arca.engine.transform.TransformSources;
import dev.arca.server.resources.Environment;
import dev.arca.server.resources.EnvironmentResourceSpec;
import dev.arca.server.resources.RestoreResourceSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The {@link Environment} a Restore names ({@code spec.environment}), read from the Restore's namespace. */
final class RestoreEnvironments {
    private RestoreEnvironments() {
    }

    /**
     * @return the environment's spec, or null when the Restore names none
     * @throws ArcaException.InvalidInput when the named Environment does not exist
     */
    static EnvironmentResourceSpec find(RestoreResourceSpec spec, KubernetesClient client, String namespace) {
        String name = spec.getEnvironment();
        if (name == null) {
            return null;
        }
        Environment env = client.resources(Environment.class).inNamespace(namespace).withName(name).get();
        if (env == null) {
            throw new ArcaException.InvalidInput("Environment " + namespace + "/" + name + ", named by spec.environment, does not"
                    + " exist; create it (docs/environments.md) or remove spec.environment");
        }
        return env.getSpec() == null ? new EnvironmentResourceSpec() : env.getSpec();
    }

    /** The environment's modifier ConfigMaps, parameters substituted and each checked, as one transform; null: none. */
    static RestoreTransforms modifiers(String name, EnvironmentResourceSpec env, KubernetesClient client, String namespace) {
        Map<String, String> params = env.getParameters() == null ? Map.of() : env.getParameters();
        List<String> texts = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        for (String configMap : env.getResourceModifierConfigMaps() == null ? List.<String>of() : env.getResourceModifierConfigMaps()) {
            RestoreTransforms cm = TransformSources.modifiers(client, namespace, configMap);
            String source = cm.resourceModifiersSource() + " (Environment " + name + ")";
            texts.add(ModifierTexts.checked(cm.resourceModifiers(), params, source));
            sources.add(source);
        }
        return ModifierTexts.joined(texts, sources);
    }
}
