package dev.arca.cli.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.arca.api.ArcaException;
import dev.arca.cli.ExitCode;
import dev.arca.engine.ClusterAccess;
import dev.arca.fleet.kubefed.ImportResult;
import dev.arca.fleet.kubefed.KubeFedImport;
import dev.arca.fleet.resources.FleetResources;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
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
import picocli.CommandLine.Spec;

/** {@code arca fleet import kubefed}: another multi-cluster tool's objects turned into the fleet's. */
@Command(name = "import", mixinStandardHelpOptions = true, description = "Convert other multi-cluster tools' objects into the fleet's.",
        subcommands = FleetImportCommand.KubeFed.class)
public final class FleetImportCommand {

    /**
     * {@code --kubeconfig} and {@code --context} of the hub, as kubectl takes them; without
     * {@code --kubeconfig}, the first file of {@code $KUBECONFIG} in the command's environment, else
     * {@code ~/.kube/config}.
     */
    static final class HubOptions {

        @Option(names = "--kubeconfig", paramLabel = "FILE", description = "The hub's kubeconfig (default: $KUBECONFIG or ~/.kube/config).")
        Path kubeconfig;

        @Option(names = "--context", description = "The kubeconfig context of the hub (default: its current context).")
        String context;

        KubernetesClient connect(Map<String, String> env) {
            Path file = kubeconfig;
            String fromEnv = env.get("KUBECONFIG");
            if (file == null && fromEnv != null && !fromEnv.isBlank()) {
                file = Path.of(fromEnv.split(java.io.File.pathSeparator)[0]);
            }
            return ClusterAccess.connect(file, context, 4);
        }
    }

    /**
     * Converts KubeFed YAML: the hub's objects to stdout as YAML (or, with {@code --apply}, server-side
     * applied to the hub), every problem to stderr. Exit 2 when anything was not converted, unless
     * {@code --allow-problems}; then {@code --apply} applies nothing.
     */
    @Command(name = "kubefed", mixinStandardHelpOptions = true,
            description = "Convert KubeFed Federated objects and ReplicaSchedulingPreferences into plain objects, "
                    + "PropagationPolicies and OverridePolicies; name everything that does not carry over.")
    static final class KubeFed implements Callable<Integer> {
        enum Format { yaml, json }

        @Spec CommandSpec spec;
        @Mixin HubOptions hub;
        @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE",
                description = "The KubeFed YAML (several documents, or a kind: List); '-' reads standard input.")
        String file;
        @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
                description = "Print the converted objects: ${COMPLETION-CANDIDATES} (default: yaml; with --apply: none).")
        Format format;
        @Option(names = {"-n", "--namespace"}, defaultValue = "default",
                description = "The namespace of namespaced objects whose YAML names none (default: ${DEFAULT-VALUE}).")
        String namespace;
        @Option(names = "--apply", description = "Server-side apply the converted objects to the hub (field manager "
                + FleetResources.FIELD_MANAGER + "); the fleet's CRDs must be installed there. Nothing else is installed.")
        boolean apply;
        @Option(names = "--allow-problems", description = "Exit 0 and apply what was converted even when some things were not.")
        boolean allowProblems;

        InputStream stdin = System.in;
        private Map<String, String> env = System.getenv();

        /** The environment $KUBECONFIG is read from (the root command passes its own, so tests can point it elsewhere). */
        public void env(Map<String, String> env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            ImportResult result = KubeFedImport.convert(read(), namespace);
            result.problems().forEach(p -> err.println("problem: " + p));
            err.flush();
            if (format == Format.json) {
                out.println(prettyJson(list(result.objects())));
            } else if (format == Format.yaml || !apply) {
                out.print(yaml(result.objects()));
            }
            out.flush();
            if (!result.clean() && !allowProblems) {
                err.println("error: " + result.problems().size() + " thing(s) in " + file + " could not be converted (see the"
                        + " problems above)" + (apply ? "; nothing was applied" : "") + "; fix them, or pass --allow-problems"
                        + " to go on without them");
                err.flush();
                return ExitCode.INVALID_INPUT;
            }
            return apply ? new HubApply(hub, env, out, err).apply(result.objects()) : ExitCode.OK;
        }

        private List<JsonNode> read() {
            try (InputStream in = file.equals("-") ? stdin : Files.newInputStream(Path.of(file))) {
                List<JsonNode> docs = new ArrayList<>();
                for (JsonNode doc : new ObjectMapper(new YAMLFactory()).readerFor(JsonNode.class).<JsonNode>readValues(in).readAll()) {
                    if (doc != null && doc.path("kind").asText().equals("List") && doc.path("items").isArray()) {
                        doc.get("items").forEach(docs::add);
                    } else {
                        docs.add(doc);
                    }
                }
                return docs;
            } catch (IOException e) {
                throw new ArcaException.InvalidInput("cannot read " + (file.equals("-") ? "standard input" : file) + ": "
                        + e.getMessage().lines().findFirst().orElse("") + "; give KubeFed YAML with -f FILE");
            }
        }

        private static String yaml(List<HasMetadata> objects) {
            StringBuilder text = new StringBuilder();
            for (HasMetadata object : objects) {
                String doc = Serialization.asYaml(object);
                text.append(doc.startsWith("---\n") ? doc : "---\n" + doc);
                if (!doc.endsWith("\n")) {
                    text.append('\n');
                }
            }
            return text.toString();
        }

        /** JSON indented as kubectl prints it. */
        static String prettyJson(Object value) {
            try {
                return Serialization.jsonMapper().writerWithDefaultPrettyPrinter().writeValueAsString(value);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new ArcaException("cannot print the result as JSON: " + e.getOriginalMessage(), e);
            }
        }

        private static Map<String, Object> list(List<HasMetadata> items) {
            Map<String, Object> list = new LinkedHashMap<>();
            list.put("apiVersion", "v1");
            list.put("kind", "List");
            list.put("items", items);
            return list;
        }
    }

    /** Server-side applies converted objects to the hub, one by one, saying what was applied and what failed. */
    static final class HubApply {
        private final HubOptions hub;
        private final Map<String, String> env;
        private final PrintWriter out;
        private final PrintWriter err;

        HubApply(HubOptions hub, Map<String, String> env, PrintWriter out, PrintWriter err) {
            this.hub = hub;
            this.env = env;
            this.out = out;
            this.err = err;
        }

        /** OK when all were applied, PARTIALLY_FAILED when some, FAILED when none. */
        int apply(List<HasMetadata> objects) {
            int failed = 0;
            try (KubernetesClient client = hub.connect(env)) {
                for (HasMetadata object : objects) {
                    String what = describe(object);
                    try {
                        client.resource(object).fieldManager(FleetResources.FIELD_MANAGER).forceConflicts().serverSideApply();
                        out.println(what + " applied");
                    } catch (KubernetesClientException e) {
                        failed++;
                        err.println("error: applying " + what + " failed: " + explain(client, object, e));
                    }
                }
            }
            out.flush();
            err.flush();
            return failed == 0 ? ExitCode.OK : failed < objects.size() ? ExitCode.PARTIALLY_FAILED : ExitCode.FAILED;
        }

        private static String describe(HasMetadata object) {
            String ns = object.getMetadata().getNamespace();
            return object.getKind() + " " + (ns == null ? "" : ns + "/") + object.getMetadata().getName();
        }

        private static String explain(KubernetesClient client, HasMetadata object, KubernetesClientException e) {
            String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                    : e.getMessage() == null ? "HTTP " + e.getCode() : e.getMessage();
            if (e.getCode() == 404) {
                String ns = object.getMetadata().getNamespace();
                if (object.getApiVersion().startsWith(FleetResources.GROUP + "/")) {
                    return message + "; are the fleet's CRDs installed on this hub? (kubectl get crd | grep " + FleetResources.GROUP + ")";
                }
                if (ns != null && client.namespaces().withName(ns).get() == null) {
                    return "namespace \"" + ns + "\" does not exist on the hub; create it, or import its FederatedNamespace too";
                }
            }
            if (e.getCode() <= 0) {
                return ClusterAccess.translate(client, e).getMessage();
            }
            return message;
        }
    }
}
