package dev.arca.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.arca.api.ArcaException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A named target kept in {@code $ARCA_HOME/config.yaml} ({@code arca env add}): the cluster (kubeconfig
 * context), the namespace mapping, the mappers, the resource-modifier files or ConfigMaps, and the
 * parameters substituted into those modifiers' {@code ${key}} placeholders. {@code --env NAME} on
 * restore create, clone and migrate fills what the command line leaves out.
 *
 * @param kubeconfig         the kubeconfig file (absolute), or null for the command's own
 * @param resourceModifiers  modifier files (absolute paths), read when the environment is used
 * @param modifierConfigMaps ConfigMaps holding modifier rules, read from the command's {@code -n} namespace
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
record Environment(String name, String context, String kubeconfig, Map<String, String> namespaceMappings, List<String> imageMap,
                   Map<String, String> storageClassMap, List<String> resourceModifiers, List<String> modifierConfigMaps,
                   Map<String, String> parameters) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    Environment {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ArcaException.InvalidInput("environment name \"" + name + "\" is not a DNS label (lower-case letters, digits and"
                    + " '-', at most 63); pick another name");
        }
        if (context == null || context.isBlank()) {
            throw new ArcaException.InvalidInput("environment \"" + name + "\" has no kubeconfig context; give one with --context");
        }
        namespaceMappings = ordered(namespaceMappings);
        storageClassMap = ordered(storageClassMap);
        parameters = ordered(parameters);
        for (String key : parameters.keySet()) {
            if (!KEY.matcher(key).matches()) {
                throw new ArcaException.InvalidInput("parameter name \"" + key + "\" of environment \"" + name + "\" is not a name "
                        + "(a letter or _, then letters, digits, _, . or -); rename it");
            }
        }
        imageMap = imageMap == null ? List.of() : List.copyOf(imageMap);
        resourceModifiers = resourceModifiers == null ? List.of() : List.copyOf(resourceModifiers);
        modifierConfigMaps = modifierConfigMaps == null ? List.of() : List.copyOf(modifierConfigMaps);
    }

    /** Whether the environment names any modifier rules. */
    boolean hasModifiers() {
        return !resourceModifiers.isEmpty() || !modifierConfigMaps.isEmpty();
    }

    private static Map<String, String> ordered(Map<String, String> m) {
        return m == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }
}
