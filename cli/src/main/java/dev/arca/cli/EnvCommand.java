package dev.arca.cli;

import dev.arca.api.ArcaException;
import dev.arca.api.RestoreTransforms;
import dev.arca.engine.transform.Transforms;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code arca env add|get|describe|delete}: named targets kept in $ARCA_HOME, used with {@code --env NAME}. */
@Command(name = "env", mixinStandardHelpOptions = true, description = "Manage environments: named targets (context, namespace "
        + "mapping, mappers, modifiers and their parameters) that restore create, clone and migrate take with --env NAME.",
        subcommands = {EnvCommand.Add.class, EnvCommand.Get.class, EnvCommand.Describe.class, EnvCommand.Delete.class})
final class EnvCommand {
    static final String[] HEADER = {"NAME", "CONTEXT", "NAMESPACES", "MAPPERS", "MODIFIERS", "PARAMETERS"};

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add an environment; its files are checked now "
            + "(they exist, every ${key} is a parameter, the rules parse) and read again each time it is used.")
    static final class Add extends LocationCommand.HomeOnly implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", description = "The environment's name.") String name;
        @Option(names = "--context", required = true, description = "The target's kubeconfig context.") String context;
        @Option(names = "--kubeconfig", paramLabel = "FILE", description = "Its kubeconfig file (default: the command's).") Path kubeconfig;
        @Option(names = "--namespace-mappings", split = ",", description = "source:target pairs, e.g. shop:shop-qa.")
        List<String> mappings;
        @Option(names = "--image-map", paramLabel = "RULE", description = "An image rule as restore create takes it. Repeatable.")
        List<String> imageMap;
        @Option(names = "--storage-class-map", split = ",", paramLabel = "OLD=NEW", description = "Storage classes to replace.")
        List<String> storageClassMap;
        @Option(names = "--resource-modifiers", paramLabel = "FILE", description = "A resource-modifier file, ${key} placeholders "
                + "allowed. Repeatable: the rules of all files apply, in order.")
        List<Path> modifierFiles;
        @Option(names = "--resource-modifiers-configmap", paramLabel = "NAME", description = "A ConfigMap of modifier rules, read "
                + "from the command's -n namespace when the environment is used. Repeatable.")
        List<String> modifierConfigMaps;
        @Option(names = "--param", paramLabel = "KEY=VALUE", description = "A parameter for the modifiers' ${KEY}. Repeatable.")
        List<String> params;

        @Override
        public Integer call() {
            ArcaHome home = home();
            ArcaHome.Config c = home.load();
            if (c.environments().stream().anyMatch(e -> e.name().equals(name))) {
                throw new ArcaException.InvalidInput("environment \"" + name + "\" exists already; delete it first ('arca env delete "
                        + name + "') or pick another name");
            }
            TransformOptions maps = new TransformOptions();
            maps.storageClassMap = storageClassMap;
            Map<String, String> classes = maps.storageClasses();
            Transforms.of(new RestoreTransforms(null, null, classes, imageMap)); // a malformed image rule is refused now
            Environment e = new Environment(name, context, kubeconfig == null ? null : kubeconfig.toAbsolutePath().toString(),
                    RestoreCreateCommand.mappings(mappings), imageMap, classes,
                    modifierFiles == null ? null : modifierFiles.stream().map(p -> p.toAbsolutePath().normalize().toString()).toList(),
                    modifierConfigMaps, parameters(params));
            EnvironmentModifiers.checkFiles(e);
            List<Environment> all = new ArrayList<>(c.environments());
            all.add(e);
            home.save(c.withEnvironments(all));
            spec.commandLine().getOut().println("environment \"" + name + "\" added; use it with --env " + name);
            return ExitCode.OK;
        }

        /** {@code KEY=VALUE} pairs; the value is everything after the first '='. */
        static Map<String, String> parameters(List<String> pairs) {
            Map<String, String> m = new LinkedHashMap<>();
            for (String pair : pairs == null ? List.<String>of() : pairs) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new ArcaException.InvalidInput("parameter \"" + pair + "\" is not KEY=VALUE; write it as --param color=blue");
                }
                if (m.put(pair.substring(0, eq).strip(), pair.substring(eq + 1)) != null) {
                    throw new ArcaException.InvalidInput("parameter \"" + pair.substring(0, eq).strip() + "\" is given twice; give it once");
                }
            }
            return m;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "List environments (or the named ones).")
    static final class Get extends LocationCommand.HomeOnly implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin OutputOptions output;
        @Parameters(arity = "0..*", paramLabel = "NAME", description = "Only these environments.") List<String> names;

        @Override
        public Integer call() {
            ArcaHome home = home();
            List<Environment> envs = names == null ? home.load().environments() : names.stream().map(home::environment).toList();
            if (output.structured()) {
                output.print(spec.commandLine().getOut(), envs);
            } else {
                OutputOptions.table(spec.commandLine().getOut(), HEADER, envs.stream().map(EnvCommand::row).toList());
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "describe", mixinStandardHelpOptions = true, description = "Show everything an environment holds.")
    static final class Describe extends LocationCommand.HomeOnly implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin OutputOptions output;
        @Parameters(index = "0", description = "The environment's name.") String name;

        @Override
        public Integer call() {
            Environment e = home().environment(name);
            PrintWriter out = spec.commandLine().getOut();
            if (output.structured()) {
                output.print(out, e);
                return ExitCode.OK;
            }
            out.println("Name:                " + e.name());
            out.println("Context:             " + e.context());
            out.println("Kubeconfig:          " + (e.kubeconfig() == null ? "(the command's)" : e.kubeconfig()));
            list(out, "Namespace mappings:", e.namespaceMappings().entrySet().stream().map(x -> x.getKey() + " -> " + x.getValue()).toList());
            list(out, "Image rules:", e.imageMap());
            list(out, "Storage classes:", e.storageClassMap().entrySet().stream().map(x -> x.getKey() + " -> " + x.getValue()).toList());
            list(out, "Modifier files:", e.resourceModifiers());
            list(out, "Modifier ConfigMaps:", e.modifierConfigMaps());
            list(out, "Parameters:", e.parameters().entrySet().stream().map(x -> x.getKey() + "=" + x.getValue()).toList());
            return ExitCode.OK;
        }

        private static void list(PrintWriter out, String label, List<String> values) {
            out.printf("%-20s %s%n", label, values.isEmpty() ? "<none>" : values.get(0));
            values.stream().skip(1).forEach(v -> out.printf("%-20s %s%n", "", v));
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Forget an environment (its files are not touched).")
    static final class Delete extends LocationCommand.HomeOnly implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", description = "The environment's name.") String name;

        @Override
        public Integer call() {
            ArcaHome home = home();
            home.environment(name);
            ArcaHome.Config c = home.load();
            home.save(c.withEnvironments(c.environments().stream().filter(e -> !e.name().equals(name)).toList()));
            spec.commandLine().getOut().println("environment \"" + name + "\" deleted");
            return ExitCode.OK;
        }
    }

    private static String[] row(Environment e) {
        return new String[] {e.name(), e.context(), String.join(",", e.namespaceMappings().entrySet().stream()
                .map(x -> x.getKey() + ":" + x.getValue()).toList()), String.valueOf(e.imageMap().size() + e.storageClassMap().size()),
                String.valueOf(e.resourceModifiers().size() + e.modifierConfigMaps().size()), String.join(",", e.parameters().keySet())};
    }
}
