package dev.arca.cli;

import dev.arca.api.ArcaException;
import dev.arca.server.resources.Resources;
import dev.arca.server.velero.ImportedObject;
import dev.arca.server.velero.VeleroImport;
import dev.arca.server.velero.VeleroImportResult;
import dev.arca.server.velero.VeleroImportText;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code arca import velero}: objects of other tools turned into Arca's. */
@Command(name = "import", mixinStandardHelpOptions = true, description = "Convert other tools' objects into Arca's.",
        subcommands = ImportCommand.Velero.class)
final class ImportCommand {

    /**
     * Converts Velero Schedule and BackupStorageLocation YAML: the Arca YAML to stdout (or, with
     * {@code --apply}, server-side applied), every note and problem to stderr. Exit 2 when a
     * document could not be converted; then {@code --apply} applies nothing.
     */
    @Command(name = "velero", mixinStandardHelpOptions = true,
            description = "Convert Velero Schedule and BackupStorageLocation YAML into Arca Schedules and BackupLocations; "
                    + "say what was dropped or changed.")
    static final class Velero extends ServerContext implements Callable<Integer> {
        enum Format { yaml, json }

        @Spec CommandSpec spec;
        @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE",
                description = "The Velero YAML (several documents allowed); '-' reads standard input.")
        String file;
        @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
                description = "Print the converted objects: ${COMPLETION-CANDIDATES} (default: yaml; with --apply: none).")
        Format format;
        @Option(names = "--apply", description = "Server-side apply the converted objects in the namespace (the CRDs must be installed).")
        boolean apply;

        @Override
        public Integer call() {
            VeleroImportResult result = VeleroImport.convert(read());
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            for (ImportedObject object : result.objects()) {
                object.notes().forEach(note -> err.println("note: " + object.source() + ": " + note.replace("\n", " ")));
            }
            err.print(VeleroImportText.problems(result));
            err.flush();
            if (format == Format.json) {
                ResourceOutput.print(out, OutputOptions.Format.json, ResourceOutput.list(objects(result)));
            } else if (format == Format.yaml || !apply) {
                out.print(VeleroImportText.yaml(result));
                out.flush();
            }
            if (!result.clean()) {
                throw new ArcaException.InvalidInput(result.problems().size() + " of the documents in " + file + " could not be"
                        + " converted (see the problems above)" + (apply ? "; nothing was applied" : "")
                        + "; fix or remove them and import again");
            }
            if (apply) {
                apply(out, objects(result));
            }
            return ExitCode.OK;
        }

        private String read() {
            try {
                return file.equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                        : Files.readString(Path.of(file), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ArcaException.InvalidInput("cannot read " + file + ": " + e.getMessage() + "; give the Velero YAML with -f FILE");
            }
        }

        private static List<HasMetadata> objects(VeleroImportResult result) {
            return result.objects().stream().map(ImportedObject::object).toList();
        }

        private void apply(PrintWriter out, List<HasMetadata> objects) {
            try (KubernetesClient client = connect()) {
                for (HasMetadata object : objects) {
                    object.getMetadata().setNamespace(namespace);
                    String what = object.getKind() + " " + namespace + "/" + object.getMetadata().getName();
                    try {
                        client.resource(object).inNamespace(namespace).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
                    } catch (KubernetesClientException e) {
                        throw applyFailed(client, what, plural(object), e);
                    }
                    out.println(what + " applied");
                }
            }
        }

        private ArcaException applyFailed(KubernetesClient client, String what, String plural, KubernetesClientException e) {
            if (e.getCode() == 404) {
                if (client.apiextensions().v1().customResourceDefinitions().withName(plural + "." + Resources.GROUP).get() == null) {
                    return notInstalled(plural);
                }
                if (client.namespaces().withName(namespace).get() == null) {
                    return new ArcaException.InvalidInput("namespace \"" + namespace + "\" does not exist; create it, run"
                            + " 'arca install', or pass -n NAMESPACE");
                }
            }
            if (e.getCode() == 422) {
                return new ArcaException.InvalidInput("the API server refused " + what + ": " + statusMessage(e));
            }
            return new ArcaException("applying " + what + " failed: " + statusMessage(e), e);
        }

        private static String plural(HasMetadata object) {
            return HasMetadata.getPlural(object.getClass());
        }
    }
}
