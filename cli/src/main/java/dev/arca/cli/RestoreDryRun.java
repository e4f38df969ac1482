package dev.arca.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.arca.api.ArcaException;
import dev.arca.api.Phase;
import dev.arca.api.RestoreSpec;
import dev.arca.engine.ProgressListener;
import dev.arca.engine.compare.DryRun;
import dev.arca.engine.restore.ItemOutcome;
import dev.arca.engine.restore.RestoreRecord;
import dev.arca.engine.restore.RestoreRunner;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * {@code arca restore create --dry-run [-o yaml|diff]}: each object as the restore would apply it
 * (after all its transformations), and where it exists live the differences; writes nothing to the
 * cluster or the location. Objects are printed sorted by resource, namespace and name.
 */
final class RestoreDryRun {
    enum Format { yaml, diff }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

    private RestoreDryRun() {
    }

    static int run(PrintWriter out, RestoreRunner runner, String name, RestoreSpec spec, KubernetesClient client, Format format) {
        DryRun dry = new DryRun(client, spec.existingResourcePolicy());
        RestoreRecord record = runner.preview(name, spec, ProgressListener.NONE, dry);
        for (DryRun.Preview p : dry.previews()) {
            if (format == Format.yaml) {
                yaml(out, p);
            } else {
                diff(out, p);
            }
        }
        out.printf("%sdry run of restore \"%s\" from backup \"%s\": %d would be created, %d would be updated, %d exist and differ "
                        + "(left as they are), %d exist identical, %d skipped, %d would fail; nothing was written%n",
                format == Format.yaml ? "# " : "", name, spec.backupName(), record.count(ItemOutcome.created),
                record.count(ItemOutcome.updated), record.count(ItemOutcome.existsDiffers), record.count(ItemOutcome.existsIdentical),
                record.count(ItemOutcome.skipped), record.count(ItemOutcome.failed));
        return record.phase() == Phase.Completed ? ExitCode.OK : ExitCode.PARTIALLY_FAILED;
    }

    private static void yaml(PrintWriter out, DryRun.Preview p) {
        out.println("---");
        out.println("# " + where(p) + ": " + what(p));
        StringWriter fields = new StringWriter();
        DiffText.fields(new PrintWriter(fields, true), p.fields());
        fields.toString().lines().forEach(l -> out.println("#" + l));
        try {
            out.print(YAML.writeValueAsString(p.item()));
        } catch (IOException e) {
            throw new ArcaException("cannot print " + where(p) + " as YAML: " + e.getMessage(), e);
        }
    }

    private static void diff(PrintWriter out, DryRun.Preview p) {
        String sign = switch (p.outcome()) {
            case created -> "+";
            case existsIdentical -> "=";
            case failed -> "!";
            default -> "~";
        };
        out.println(sign + " " + where(p) + ": " + what(p));
        DiffText.fields(out, p.fields());
    }

    private static String where(DryRun.Preview p) {
        String ns = p.item().path("metadata").path("namespace").asText(null);
        String name = p.item().path("metadata").path("name").asText(p.key().name());
        return p.key().resource() + " " + (ns == null ? name : ns + "/" + name);
    }

    private static String what(DryRun.Preview p) {
        return switch (p.outcome()) {
            case created -> "would be created" + (p.message() == null ? "" : " (" + p.message() + ")");
            case existsIdentical -> "exists, identical";
            default -> p.message();
        };
    }
}
