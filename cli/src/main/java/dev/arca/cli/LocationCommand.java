package dev.arca.cli;

import dev.arca.api.ArcaException;
import dev.arca.api.BackupLocationSpec;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.ObjectStores;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code arca location add|get|delete|set-default}: where backups live. */
@Command(name = "location", mixinStandardHelpOptions = true, description = "Manage backup storage locations: directories, S3, Azure Blob, GCS.",
        subcommands = {LocationAddCommand.class, LocationCommand.Get.class, LocationCommand.Delete.class, LocationCommand.SetDefault.class,
                LocationRotateKeyCommand.class})
final class LocationCommand {
    /** The base of commands that read only $ARCA_HOME's config: no location is opened, so no cluster is named. */
    abstract static class HomeOnly implements ArcaCommand.NeedsEnv {
        private Map<String, String> env = Map.of();

        @Override
        public void env(Map<String, String> env) {
            this.env = env;
        }

        ArcaHome home() {
            return new ArcaHome(env);
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true,
            description = "List locations with reachability, backups and space used (and free, where the provider tells).")
    static final class Get extends HomeOnly implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin OutputOptions output;

        @Override
        public Integer call() {
            ArcaHome home = home();
            String def = home.defaultName();
            List<LocationStatus> statuses = home.locations().stream().map(l -> LocationStatus.probe(l, l.name().equals(def))).toList();
            if (output.structured()) {
                output.print(spec.commandLine().getOut(), statuses);
            } else {
                OutputOptions.table(spec.commandLine().getOut(), LocationStatus.HEADER,
                        statuses.stream().map(LocationStatus::row).toList());
            }
            boolean allReachable = statuses.stream().allMatch(LocationStatus::reachable);
            if (!allReachable) {
                statuses.stream().filter(st -> !st.reachable()).forEach(st ->
                        spec.commandLine().getErr().println("error: location \"" + st.name() + "\" cannot be reached: " + st.problem()));
            }
            return allReachable ? ExitCode.OK : ExitCode.FAILED;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Forget a location (its backups stay where they are).")
    static final class Delete extends HomeOnly implements Callable<Integer> {
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
            home.save(c.withLocations(def, rest));
            spec.commandLine().getOut().println("location \"" + name + "\" deleted; its backups were not touched");
            return ExitCode.OK;
        }
    }

    @Command(name = "set-default", mixinStandardHelpOptions = true, description = "Make a location the default.")
    static final class SetDefault extends HomeOnly implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0") String name;

        @Override
        public Integer call() {
            ArcaHome home = home();
            home.location(name);
            home.save(home.load().withLocations(name, home.load().locations()));
            spec.commandLine().getOut().println("location \"" + name + "\" is the default");
            return ExitCode.OK;
        }
    }
}
