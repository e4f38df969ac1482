package dev.arca.engine.blueprint;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How to back up and restore one kind of application through a stream, K10's Kanister idea: the
 * {@code backup} action's stdout is stored in the location's repository, the {@code restore}
 * action is fed it on stdin. A pod chooses a blueprint with the annotation {@value #NAME}; each
 * parameter takes its value from the pod's annotation {@code blueprint.arca.dev/<parameter>}, or
 * its default, and reaches both actions as the environment variable {@code ARCA_<PARAMETER>}
 * (upper case, '-' as '_'). See docs/blueprints.md.
 *
 * @param name       the blueprint's name, as the annotation gives it
 * @param parameters parameter name → default value (may be empty)
 * @param backup     writes the application's data to stdout
 * @param restore    reads it back from stdin
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Blueprint(String name, Map<String, String> parameters, BlueprintAction backup, BlueprintAction restore) {
    /** The pod annotation that names a pod's blueprint. */
    public static final String NAME = "blueprint.arca.dev/name";
    /** The pod annotation that names the container the actions run in, when the blueprint does not. */
    public static final String CONTAINER = "blueprint.arca.dev/container";
    /** The prefix of a parameter's pod annotation. */
    public static final String PREFIX = "blueprint.arca.dev/";

    private static final Pattern NAME_PATTERN = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern PARAMETER = Pattern.compile("[a-z][a-z0-9-]{0,62}");

    public Blueprint {
        if (name == null || !NAME_PATTERN.matcher(name).matches()) {
            throw new IllegalArgumentException("\"" + name + "\" is not a blueprint name: use lowercase letters, digits and '-'");
        }
        parameters = parameters == null ? Map.of() : new LinkedHashMap<>(parameters);
        for (String p : parameters.keySet()) {
            if (!PARAMETER.matcher(p).matches() || p.equals("name") || p.equals("container")) {
                throw new IllegalArgumentException("\"" + p + "\" is not a parameter name: use lowercase letters, digits and '-',"
                        + " starting with a letter; \"name\" and \"container\" are taken");
            }
        }
        parameters = Map.copyOf(parameters);
        if (backup == null || restore == null) {
            throw new IllegalArgumentException("blueprint " + name + " needs both a backup and a restore action");
        }
    }

    /** The environment variable a parameter reaches the actions as. */
    public static String variable(String parameter) {
        return "ARCA_" + parameter.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** Each parameter's value for a pod with these annotations: the annotation, else the default. */
    public Map<String, String> values(Map<String, String> annotations) {
        Map<String, String> values = new LinkedHashMap<>();
        parameters.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(
                e -> values.put(e.getKey(), annotations.getOrDefault(PREFIX + e.getKey(), e.getValue())));
        return values;
    }
}
