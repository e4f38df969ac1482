package dev.arca.engine.blueprint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.arca.api.ArcaException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A set of blueprints by name: the built-in ones (shipped as resources: {@value #BUILT_IN}) and
 * those of user files ({@code --blueprints FILE}), which win over a built-in of the same name.
 * A file holds one or more YAML documents of this shape:
 * <pre>
 * apiVersion: arca.dev/v1
 * kind: Blueprint
 * metadata: {name: NAME}
 * parameters: {NAME: DEFAULT, ...}          # optional
 * actions:
 *   backup:  {container: C, command: [...], timeout: 30m}   # container and timeout optional
 *   restore: {container: C, command: [...], timeout: 30m}
 * </pre>
 * A file that breaks these rules is refused with {@link ArcaException.InvalidInput} naming the
 * file, the document and the field. Immutable.
 */
public final class Blueprints {
    static final String API_VERSION = "arca.dev/v1";
    private static final List<String> BUILT_IN = List.of("postgresql");
    private static final Set<String> TOP = Set.of("apiVersion", "kind", "metadata", "parameters", "actions");
    private static final Set<String> ACTION = Set.of("container", "command", "timeout");
    private static final Pattern DURATION = Pattern.compile("(\\d+)(s|m|h)");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Map<String, Blueprint> byName;

    private Blueprints(Map<String, Blueprint> byName) {
        this.byName = Map.copyOf(byName);
    }

    public static Blueprints none() {
        return new Blueprints(Map.of());
    }

    /** The blueprints Arca ships. */
    public static Blueprints builtIn() {
        Map<String, Blueprint> all = new LinkedHashMap<>();
        for (String name : BUILT_IN) {
            String resource = name + ".yaml";
            try (InputStream in = Blueprints.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("the built-in blueprint " + resource + " is missing from Arca's jar");
                }
                parse(in, "built-in " + resource).forEach(b -> all.put(b.name(), b));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the built-in blueprint " + resource, e);
            }
        }
        return new Blueprints(all);
    }

    /** The built-in blueprints and those of {@code files}, later ones winning. */
    public static Blueprints builtInAnd(List<Path> files) {
        Blueprints all = builtIn();
        for (Path file : files) {
            all = all.with(read(file));
        }
        return all;
    }

    /** The blueprints of one file. */
    public static Blueprints read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Map<String, Blueprint> found = new LinkedHashMap<>();
            parse(in, "blueprint file " + file).forEach(b -> found.put(b.name(), b));
            return new Blueprints(found);
        } catch (NoSuchFileException e) {
            throw new ArcaException.InvalidInput("blueprint file " + file + " does not exist; check the --blueprints path");
        } catch (IOException e) {
            throw new ArcaException.InvalidInput("blueprint file " + file + " cannot be read: " + e.getMessage());
        }
    }

    /** These blueprints with {@code others} added, replacing any of the same name. */
    public Blueprints with(Blueprints others) {
        Map<String, Blueprint> all = new LinkedHashMap<>(byName);
        all.putAll(others.byName);
        return new Blueprints(all);
    }

    public Optional<Blueprint> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Set<String> names() {
        return new java.util.TreeSet<>(byName.keySet());
    }

    /** Every document of a YAML stream, as blueprints; {@code source} names it in errors. */
    static List<Blueprint> parse(InputStream in, String source) throws IOException {
        List<Blueprint> found = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(in)) {
            int index = 0;
            while (docs.hasNextValue()) {
                JsonNode doc = docs.nextValue();
                index++;
                if (doc == null || doc.isNull() || doc.isMissingNode()) {
                    continue;
                }
                String where = source + ", document " + index;
                Blueprint b = blueprint(doc, where);
                if (found.stream().anyMatch(other -> other.name().equals(b.name()))) {
                    throw invalid(where, "metadata.name", "blueprint \"" + b.name() + "\" is defined twice in the file");
                }
                found.add(b);
            }
        } catch (JsonProcessingException e) {
            throw new ArcaException.InvalidInput(source + " is not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        }
        if (found.isEmpty()) {
            throw new ArcaException.InvalidInput(source + " holds no blueprint; see docs/blueprints.md for the format");
        }
        return found;
    }

    private static Blueprint blueprint(JsonNode doc, String where) {
        if (!doc.isObject()) {
            throw invalid(where, "(document)", "a blueprint is a mapping with apiVersion, kind, metadata and actions");
        }
        unknown(doc, TOP, where, "");
        if (!API_VERSION.equals(doc.path("apiVersion").asText(null))) {
            throw invalid(where, "apiVersion", "must be " + API_VERSION + ", not " + doc.path("apiVersion"));
        }
        if (!"Blueprint".equals(doc.path("kind").asText(null))) {
            throw invalid(where, "kind", "must be Blueprint, not " + doc.path("kind"));
        }
        String name = text(doc.path("metadata").path("name"), where, "metadata.name", true);
        Map<String, String> parameters = new LinkedHashMap<>();
        JsonNode params = doc.path("parameters");
        if (!params.isMissingNode() && !params.isNull()) {
            if (!params.isObject()) {
                throw invalid(where, "parameters", "must be a mapping of parameter name to default value");
            }
            params.fields().forEachRemaining(e -> parameters.put(e.getKey(),
                    e.getValue().isNull() ? "" : text(e.getValue(), where, "parameters." + e.getKey(), false)));
        }
        JsonNode actions = doc.path("actions");
        unknown(actions, Set.of("backup", "restore"), where, "actions.");
        BlueprintAction backup = action(actions.path("backup"), where, "actions.backup");
        BlueprintAction restore = action(actions.path("restore"), where, "actions.restore");
        try {
            return new Blueprint(name, parameters, backup, restore);
        } catch (IllegalArgumentException e) {
            throw invalid(where, "metadata.name or parameters", e.getMessage());
        }
    }

    private static BlueprintAction action(JsonNode node, String where, String field) {
        if (!node.isObject()) {
            throw invalid(where, field, "is missing; a blueprint needs a backup and a restore action, each with a command");
        }
        unknown(node, ACTION, where, field + ".");
        JsonNode command = node.path("command");
        if (!command.isArray() || command.isEmpty()) {
            throw invalid(where, field + ".command", "must be a non-empty list of strings, e.g. [sh, -c, \"pg_dump ...\"]");
        }
        List<String> argv = new ArrayList<>();
        for (int i = 0; i < command.size(); i++) {
            argv.add(text(command.get(i), where, field + ".command[" + i + "]", true));
        }
        JsonNode container = node.path("container");
        String c = container.isMissingNode() || container.isNull() ? null : text(container, where, field + ".container", true);
        JsonNode timeout = node.path("timeout");
        Duration t = timeout.isMissingNode() || timeout.isNull() ? null : duration(timeout, where, field + ".timeout");
        return new BlueprintAction(c, argv, t);
    }

    private static Duration duration(JsonNode node, String where, String field) {
        Matcher m = DURATION.matcher(node.asText(""));
        if (!node.isTextual() || !m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw invalid(where, field, "must be a positive duration such as 90s, 30m or 2h, not " + node);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    private static String text(JsonNode node, String where, String field, boolean required) {
        if (node.isMissingNode() || node.isNull()) {
            throw invalid(where, field, "is missing");
        }
        if (!node.isValueNode() || node.isBinary()) {
            throw invalid(where, field, "must be a string, not " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        String value = node.asText();
        if (required && value.isBlank()) {
            throw invalid(where, field, "must not be empty");
        }
        return value;
    }

    private static void unknown(JsonNode node, Set<String> known, String where, String prefix) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!known.contains(field)) {
                throw invalid(where, prefix + field, "is not a blueprint field (known: " + new java.util.TreeSet<>(known) + ")");
            }
        }
    }

    private static ArcaException.InvalidInput invalid(String where, String field, String what) {
        return new ArcaException.InvalidInput(where + ": field " + field + " " + what + "; see docs/blueprints.md for the format");
    }
}
