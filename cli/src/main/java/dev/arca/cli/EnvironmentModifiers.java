package dev.arca.cli;

import dev.arca.api.ArcaException;
import dev.arca.api.RestoreTransforms;
import dev.arca.engine.transform.ModifierTexts;
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
        return ModifierTexts.joined(texts, sources);
    }

    /** Checks the environment's files as {@code env add} can, without a cluster: they exist, substitute and parse. */
    static void checkFiles(Environment e) {
        for (String file : e.resourceModifiers()) {
            checked(read(Path.of(file), e.name()), e, "file " + file + " (environment \"" + e.name() + "\")");
        }
    }

    private static String checked(String text, Environment e, String source) {
        return ModifierTexts.checked(text, e.parameters(), source);
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
}
