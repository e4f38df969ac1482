package dev.arca.cli.fleet;

import dev.arca.api.ArcaException;
import dev.arca.cli.ExitCode;
import dev.arca.fleet.resources.BindingStatus;
import dev.arca.fleet.resources.FleetResources;
import dev.arca.fleet.resources.ObjectRef;
import dev.arca.fleet.resources.ResourceBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code arca fleet status KIND/NAME}: where a hub object was placed and what every member last
 * reported of it, read from its ResourceBinding (the binding of a namespaced object lives in the
 * object's namespace, that of a cluster-scoped one in {@value FleetResources#SYSTEM_NAMESPACE}).
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show a hub object's placement and every member's status of it: applied, health, generation, last seen.")
public final class FleetStatusCommand implements Callable<Integer> {
    enum Format { table, yaml, json }

    @Spec CommandSpec spec;
    @Mixin FleetImportCommand.HubOptions hub;
    @Parameters(index = "0", paramLabel = "KIND/NAME", description = "The hub object, e.g. Deployment/web or deployments.apps/web.")
    String object;
    @Option(names = {"-n", "--namespace"}, description = "The object's namespace (default: the context's namespace).")
    String namespace;
    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "Output format: ${COMPLETION-CANDIDATES}"
            + " (yaml and json print the ResourceBinding).")
    Format format;

    private final Clock clock;
    private java.util.Map<String, String> env = System.getenv();

    public FleetStatusCommand() {
        this(Clock.systemUTC());
    }

    /** With the clock that ages the members' last-seen times (tests move it). */
    public FleetStatusCommand(Clock clock) {
        this.clock = clock;
    }

    /** The environment $KUBECONFIG is read from (the root command passes its own, so tests can point it elsewhere). */
    public void env(java.util.Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        KindName wanted = KindName.parse(object);
        try (KubernetesClient client = hub.connect(env)) {
            String ns = namespace != null ? namespace : Optional.ofNullable(client.getNamespace()).orElse("default");
            Optional<ResourceBinding> binding = find(client, wanted, ns);
            if (binding.isEmpty()) {
                err.println("error: no fleet binding for " + wanted.given() + " in namespace " + ns + ": is a PropagationPolicy"
                        + " selecting it? (kubectl get pp -n " + ns + "); for a cluster-scoped object, a ClusterPropagationPolicy"
                        + " (kubectl get cpp)");
                err.flush();
                return ExitCode.FAILED;
            }
            if (format == Format.table) {
                new FleetStatusTable(clock).print(out, binding.get());
            } else {
                String text = format == Format.json ? FleetImportCommand.KubeFed.prettyJson(binding.get()) : Serialization.asYaml(binding.get());
                out.println((text.startsWith("---\n") ? text.substring(4) : text).stripTrailing());
            }
            out.flush();
            return ExitCode.OK;
        }
    }

    /** The binding in {@code ns} of a namespaced object, else that of a cluster-scoped one in the hub's namespace. */
    private static Optional<ResourceBinding> find(KubernetesClient client, KindName wanted, String ns) {
        Optional<ResourceBinding> namespaced = list(client, ns).stream()
                .filter(b -> wanted.matches(b.getSpec().resource) && ns.equals(b.getSpec().resource.namespace)).findFirst();
        if (namespaced.isPresent()) {
            return namespaced;
        }
        return list(client, FleetResources.SYSTEM_NAMESPACE).stream()
                .filter(b -> wanted.matches(b.getSpec().resource) && empty(b.getSpec().resource.namespace)).findFirst();
    }

    private static java.util.List<ResourceBinding> list(KubernetesClient client, String ns) {
        try {
            return client.resources(ResourceBinding.class).inNamespace(ns).list().getItems().stream()
                    .filter(b -> b.getSpec() != null && b.getSpec().resource != null).toList();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                throw new ArcaException("the cluster at " + client.getMasterUrl() + " does not serve resourcebindings."
                        + FleetResources.GROUP + ": it is not a fleet hub, or the fleet's CRDs are not installed; pick the hub"
                        + " with --context or --kubeconfig");
            }
            throw e;
        }
    }

    private static boolean empty(String s) {
        return s == null || s.isEmpty();
    }

    /**
     * {@code KIND/NAME} as kubectl takes it: the kind, its lower-case form or plural, optionally with
     * {@code .group} ({@code deployments.apps/web}).
     */
    record KindName(String kind, String group, String name, String given) {
        static KindName parse(String text) {
            int slash = text.indexOf('/');
            if (slash <= 0 || slash == text.length() - 1 || text.indexOf('/', slash + 1) >= 0) {
                throw new ArcaException.InvalidInput("'" + text + "' is not KIND/NAME; name the hub object as kubectl does,"
                        + " e.g. Deployment/web");
            }
            String type = text.substring(0, slash);
            int dot = type.indexOf('.');
            return new KindName(dot < 0 ? type : type.substring(0, dot), dot < 0 ? null : type.substring(dot + 1),
                    text.substring(slash + 1), text);
        }

        boolean matches(ObjectRef ref) {
            if (ref.kind == null || !name.equals(ref.name)) {
                return false;
            }
            String apiVersion = ref.apiVersion == null ? "" : ref.apiVersion;
            String refGroup = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
            if (group != null && !group.equals(refGroup)) {
                return false;
            }
            String k = ref.kind.toLowerCase(Locale.ROOT);
            String w = kind.toLowerCase(Locale.ROOT);
            return w.equals(k) || w.equals(k + "s") || w.equals(k + "es") || k.endsWith("y") && w.equals(k.substring(0, k.length() - 1) + "ies");
        }
    }

    /** What the table shows when a binding has no status yet. */
    static BindingStatus statusOf(ResourceBinding binding) {
        return binding.getStatus() == null ? new BindingStatus() : binding.getStatus();
    }
}
