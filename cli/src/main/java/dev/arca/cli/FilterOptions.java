package dev.arca.cli;

import java.util.List;
import picocli.CommandLine.Option;

/** The item filters that backup create, restore create and schedule create share, with Velero's flag names. */
final class FilterOptions {
    @Option(names = "--include-namespaces", split = ",", description = "Namespaces to include (globs; default: all).")
    List<String> includeNamespaces;
    @Option(names = "--exclude-namespaces", split = ",", description = "Namespaces to leave out (globs).")
    List<String> excludeNamespaces;
    @Option(names = "--include-resources", split = ",", description = "Resources to include: plural, plural.group or Kind.")
    List<String> includeResources;
    @Option(names = "--exclude-resources", split = ",", description = "Resources to leave out.")
    List<String> excludeResources;
    @Option(names = "--include-cluster-resources", arity = "0..1", fallbackValue = "true",
            description = "true: cluster-scoped items too; false: none but the Namespace objects; unset (auto): all"
                    + " for a whole-cluster backup, else only related ones (on restore: those in the backup).")
    Boolean includeClusterResources;
    @Option(names = {"-l", "--selector"}, description = "Only items matching this label selector.")
    String selector;

    /** These filters as the fields of a server resource's spec (Backup, Restore, a Schedule's template). */
    <T extends dev.arca.server.resources.ResourceFilterSpec> T copyTo(T spec) {
        spec.setIncludedNamespaces(includeNamespaces);
        spec.setExcludedNamespaces(excludeNamespaces);
        spec.setIncludedResources(includeResources);
        spec.setExcludedResources(excludeResources);
        spec.setIncludeClusterResources(includeClusterResources);
        spec.setLabelSelector(selector);
        return spec;
    }
}
