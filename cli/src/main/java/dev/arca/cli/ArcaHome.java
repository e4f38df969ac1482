package dev.arca.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.arca.api.ArcaException;
import dev.arca.api.BackupLocationSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The CLI's own state under {@code $ARCA_HOME} (default {@code ~/.arca}): {@code config.yaml}
 * with the locations and which is the default, and the environments ({@code arca env}). With no location configured, the embedded default
 * is a directory, {@code $ARCA_HOME/backups}, named "default".
 */
final class ArcaHome {
    static final String EMBEDDED = "default";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(JsonInclude.Include.NON_EMPTY);

    /** The file's content. */
    record Config(String defaultLocation, List<BackupLocationSpec> locations, List<Environment> environments) {
        Config {
            locations = locations == null ? List.of() : List.copyOf(locations);
            environments = environments == null ? List.of() : List.copyOf(environments);
        }

        /** This config with other locations, its environments kept. */
        Config withLocations(String defaultLocation, List<BackupLocationSpec> locations) {
            return new Config(defaultLocation, locations, environments);
        }

        /** This config with other environments, its locations kept. */
        Config withEnvironments(List<Environment> environments) {
            return new Config(defaultLocation, locations, environments);
        }
    }

    private final Path dir;

    ArcaHome(Map<String, String> env) {
        String home = env.get("ARCA_HOME");
        this.dir = home != null && !home.isBlank() ? Path.of(home) : Path.of(System.getProperty("user.home"), ".arca");
    }

    Path dir() {
        return dir;
    }

    Config load() {
        Path file = dir.resolve("config.yaml");
        if (!Files.exists(file)) {
            return new Config(null, List.of(), List.of());
        }
        try {
            return YAML.readValue(file.toFile(), Config.class);
        } catch (IOException e) {
            throw new ArcaException.InvalidInput("cannot read " + file + ": " + e.getMessage() + "; fix or remove the file");
        }
    }

    void save(Config config) {
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve("config.yaml.tmp");
            YAML.writeValue(tmp.toFile(), config);
            Files.move(tmp, dir.resolve("config.yaml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ArcaException("cannot write " + dir.resolve("config.yaml") + ": " + e.getMessage(), e);
        }
    }

    /** Every location: the configured ones, or the embedded default when none is. */
    List<BackupLocationSpec> locations() {
        Config c = load();
        if (c.locations().isEmpty()) {
            return List.of(embedded());
        }
        return c.locations();
    }

    String defaultName() {
        Config c = load();
        if (c.locations().isEmpty()) {
            return EMBEDDED;
        }
        return c.defaultLocation() != null ? c.defaultLocation() : c.locations().get(0).name();
    }

    /** The named location, or the default one when {@code name} is null. */
    BackupLocationSpec location(String name) {
        String wanted = name == null ? defaultName() : name;
        return locations().stream().filter(l -> l.name().equals(wanted)).findFirst()
                .orElseThrow(() -> new ArcaException.NotFound("location \"" + wanted + "\" is not configured; run 'arca location get'"));
    }

    BackupLocationSpec embedded() {
        return new BackupLocationSpec(EMBEDDED, "filesystem", Map.of("dir", dir.resolve("backups").toString()), null);
    }

    Config withLocation(BackupLocationSpec spec, boolean makeDefault) {
        Config c = load();
        List<BackupLocationSpec> list = new ArrayList<>(c.locations());
        if (list.stream().anyMatch(l -> l.name().equals(spec.name()))) {
            throw new ArcaException.InvalidInput("location \"" + spec.name() + "\" exists already; delete it first or pick another name");
        }
        list.add(spec);
        String def = makeDefault || c.defaultLocation() == null ? spec.name() : c.defaultLocation();
        return c.withLocations(def, list);
    }

    /** The named environment. */
    Environment environment(String name) {
        return load().environments().stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new ArcaException.NotFound("environment \"" + name + "\" is not configured in " + dir.resolve("config.yaml")
                        + "; run 'arca env get' to list them or 'arca env add " + name + " --context C' to add it"));
    }
}
