package dev.arca.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.arca.api.ArcaException;
import dev.arca.api.RestoreTransforms;
import dev.arca.engine.transform.ModifierFile;
import dev.arca.engine.transform.ModifierParameters;
import dev.arca.engine.transform.TransformSources;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An environment's resource modifiers, read and made one: each file (and ConfigMap) gets the
 * environment's parameters substituted and is checked on its own, so an error names it; then their
 * rules are joined, in the order the environment lists them (files first, then ConfigMaps).
 */
final class EnvironmentModifiers {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private EnvironmentModifiers() {
    }

    /** The environment's modifiers as one transform, or null when it has none; ConfigMaps are read from {@code namespace}. */
    static RestoreTransforms resolve(Environment e, KubernetesClient client, String namespace) {
        List<String> texts = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        for (String file : e.resourceModifiers()) {
            String source = "file " + file + " (environment \"" + e.name() + "\")";
            texts.add(checked(read(Path.of(file), e.name()), e, source));
            sources.add(source);
        }
        for (String name : e.modifierConfigMaps()) {
            RestoreTransforms cm = TransformSources.modifiers(client, namespace, name);
            String source = cm.resourceModifiersSource() + " (environment \"" + e.name() + "\")";
            texts.add(checked(cm.resourceModifiers(), e, source));
            sources.add(source);
        }
        if (texts.isEmpty()) {
            return null;
        }
        return texts.size() == 1 ? new RestoreTransforms(texts.get(0), sources.get(0), null, null)
                : new RestoreTransforms(joined(texts), String.join(", ", sources), null, null);
    }

    /** Checks the environment's files as {@code env add} can, without a cluster: they exist, substitute and parse. */
    static void checkFiles(Environment e) {
        for (String file : e.resourceModifiers()) {
            checked(read(Path.of(file), e.name()), e, "file " + file + " (environment \"" + e.name() + "\")");
        }
    }

    private static String checked(String text, Environment e, String source) {
        String substituted = ModifierParameters.substitute(text, e.parameters(), source);
        ModifierFile.parse(substituted, source + (substituted == text ? "" : " with its parameters substituted"));
        return substituted;
    }

    static String read(Path file, String environment) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException ex) {
            throw new ArcaException.InvalidInput("resource-modifier file " + file + " of environment \"" + environment + "\" does not "
                    + "exist; put it back, or delete the environment and add it again with another --resource-modifiers");
        } catch (IOException ex) {
            throw new ArcaException.InvalidInput("resource-modifier file " + file + " of environment \"" + environment
                    + "\" cannot be read: " + ex.getMessage());
        }
    }

    /** One version: v1 document holding every text's rules in order. */
    private static String joined(List<String> texts) {
        try {
            ObjectNode all = YAML.createObjectNode().put("version", "v1");
            ArrayNode rules = all.putArray("resourceModifierRules");
            for (String text : texts) {
                JsonNode root = YAML.readTree(text);
                root.path("resourceModifierRules").forEach(rules::add);
            }
            return YAML.writeValueAsString(all);
        } catch (JsonProcessingException ex) { // each text was parsed already
            throw new ArcaException("cannot join the environment's resource modifiers: " + ex.getOriginalMessage(), ex);
        }
    }
}
