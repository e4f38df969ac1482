package dev.arca.cli;

import dev.arca.api.ArcaException;
import dev.arca.api.BackupLocationSpec;
import dev.arca.archive.LocationLayout;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.ObjectStores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code arca location add|get|delete|set-default}: where backups live. */
@Command(name = "location", mixinStandardHelpOptions = true, description = "Manage backup storage locations.",
        subcommands = {LocationCommand.Add.class, LocationCommand.Get.class, LocationCommand.Delete.class, LocationCommand.SetDefault.class})
final class LocationCommand {

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a location: a directory (--dir) or an S3-compatible bucket (--s3).")
    static final class Add implements Callable<Integer>, ArcaCommand.NeedsEnv {
        Map<String, String> env;
        @Spec CommandSpec spec;

        @Parameters(index = "0", description = "The location's name.")
        String name;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Kind kind;

        static final class Kind {
            @Option(names = "--dir", description = "A directory on this machine.")
            Path dir;
            @Option(names = "--s3", description = "An S3-compatible bucket.")
            boolean s3;
        }

        @Option(names = "--bucket", description = "S3 bucket.") String bucket;
        @Option(names = "--prefix", description = "Key prefix inside the bucket.") String prefix;
        @Option(names = "--endpoint", description = "S3 endpoint URL (default: AWS).") String endpoint;
        @Option(names = "--region", description = "S3 region (default: us-east-1).") String region;
        @Option(names = "--path-style", description = "Use path-style bucket addressing (default when --endpoint is set).") Boolean pathStyle;
        @Option(names = "--credentials-file", description = "AWS shared credentials file (default: environment).") Path credentialsFile;
        @Option(names = "--profile", description = "Profile in the credentials file.") String profile;
        @Option(names = "--access-mode", defaultValue = "ReadWrite", description = "ReadWrite or ReadOnly.")
        BackupLocationSpec.AccessMode accessMode;
        @Option(names = "--default", description = "Make it the default location.") boolean makeDefault;

        @Override
        public void env(Map<String, String> env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            Map<String, String> config = new LinkedHashMap<>();
            String provider;
            if (kind.dir != null) {
                provider = "filesystem";
                config.put("dir", kind.dir.toAbsolutePath().normalize().toString());
            } else {
                provider = "s3";
                if (bucket == null) {
                    throw new ArcaException.InvalidInput("an S3 location needs --bucket");
                }
                config.put("bucket", bucket);
                put(config, "prefix", prefix);
                put(config, "endpoint", endpoint);
                put(config, "region", region);
                put(config, "pathStyle", pathStyle == null ? null : pathStyle.toString());
                put(config, "credentialsFile", credentialsFile == null ? null : credentialsFile.toAbsolutePath().toString());
                put(config, "profile", profile);
            }
            BackupLocationSpec location = new BackupLocationSpec(name, provider, config, accessMode);
            try (ObjectStore store = ObjectStores.open(location)) {
                LocationLayout.backupNames(store); // fails fast on a location that cannot be reached
            }
            ArcaHome home = new ArcaHome(env);
            home.save(home.withLocation(location, makeDefault));
            spec.commandLine().getOut().println("location \"" + name + "\" added");
            return ExitCode.OK;
        }

        private static void put(Map<String, String> config, String key, String value) {
            if (value != null && !value.isBlank()) {
                config.put(key, value);
            }
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "List locations.")
    static final class Get extends Context implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin OutputOptions output;

        @Override
        public Integer call() {
            ArcaHome home = home();
            String def = home.defaultName();
            if (output.structured()) {
                output.print(spec.commandLine().getOut(), home.locations());
                return ExitCode.OK;
            }
            List<String[]> rows = new ArrayList<>();
            for (BackupLocationSpec l : home.locations()) {
                String where;
                try (ObjectStore store = ObjectStores.open(l)) {
                    where = store.describe();
                }
                rows.add(new String[] {l.name(), l.provider(), where, l.accessMode().name(), l.name().equals(def) ? "true" : ""});
            }
            OutputOptions.table(spec.commandLine().getOut(), new String[] {"NAME", "PROVIDER", "WHERE", "ACCESS MODE", "DEFAULT"}, rows);
            return ExitCode.OK;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Forget a location (its backups stay where they are).")
    static final class Delete extends Context implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0") String name;

        @Override
        public Integer call() {
            ArcaHome home = home();
            ArcaHome.Config c = home.load();
            List<BackupLocationSpec> rest = c.locations().stream().filter(l -> !l.name().equals(name)).toList();
            if (rest.size() == c.locations().size()) {
                throw new ArcaException.NotFound("location \"" + name + "\" is not configured; run 'arca location get'");
            }
            String def = name.equals(c.defaultLocation()) ? null : c.defaultLocation();
            home.save(new ArcaHome.Config(def, rest));
            spec.commandLine().getOut().println("location \"" + name + "\" deleted; its backups were not touched");
            return ExitCode.OK;
        }
    }

    @Command(name = "set-default", mixinStandardHelpOptions = true, description = "Make a location the default.")
    static final class SetDefault extends Context implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0") String name;

        @Override
        public Integer call() {
            ArcaHome home = home();
            home.location(name);
            home.save(new ArcaHome.Config(name, home.load().locations()));
            spec.commandLine().getOut().println("location \"" + name + "\" is the default");
            return ExitCode.OK;
        }
    }
}
