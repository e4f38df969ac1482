package dev.arca.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.Outcome;
import dev.arca.api.Problem;
import dev.arca.archive.BackupManifest;
import dev.arca.engine.restore.RestoreRecord;
import dev.arca.engine.blueprint.BlueprintArtifact;
import dev.arca.engine.volume.VolumeBackup;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** The human (table) form of describe and logs. */
final class Describer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Describer() {
    }

    static void backup(PrintWriter out, BackupManifest m, Map<String, List<String>> resources, List<VolumeBackup> volumes) {
        backup(out, m, resources, volumes, List.of());
    }

    static void backup(PrintWriter out, BackupManifest m, Map<String, List<String>> resources, List<VolumeBackup> volumes,
                       List<BlueprintArtifact> blueprints) {
        out.println("Name:           " + m.name());
        out.println("Phase:          " + m.phase());
        out.println("Cluster:        Kubernetes " + m.clusterVersion());
        out.println("Namespaces:     included " + listOr(m.spec().includedNamespaces(), "*")
                + ", excluded " + listOr(m.spec().excludedNamespaces(), "<none>"));
        out.println("Resources:      included " + listOr(m.spec().includedResources(), "*")
                + ", excluded " + listOr(m.spec().excludedResources(), "<none>"));
        out.println("Cluster-scoped: " + (m.spec().includeClusterResources() == null ? "auto" : m.spec().includeClusterResources()));
        if (m.spec().labelSelector() != null) {
            out.println("Label selector: " + m.spec().labelSelector());
        }
        if (!m.spec().orLabelSelectors().isEmpty()) {
            out.println("Or selectors:   " + String.join(" or ", m.spec().orLabelSelectors()));
        }
        out.println("Location:       " + (m.spec().storageLocation() == null ? Times.NONE : m.spec().storageLocation()));
        out.println("Started:        " + Times.at(m.started()));
        out.println("Completed:      " + Times.completed(m.started(), m.completed()));
        out.println("Expires:        " + Times.at(m.expires()));
        out.println("Items:          " + m.itemCount());
        out.println();
        out.println("Items by resource:");
        m.counts().forEach((r, n) -> out.println("  " + r + ": " + n));
        volumes(out, volumes, resources != null);
        blueprints(out, blueprints);
        problems(out, m.outcome(), resources != null);
        if (resources != null) {
            out.println();
            out.println("Resource list:");
            resources.forEach((r, items) -> {
                out.println("  " + r + ":");
                items.forEach(i -> out.println("    - " + i));
            });
        }
    }

    /** Each blueprint artefact on one line: they are few (one per workload that names a blueprint). */
    static void blueprints(PrintWriter out, List<BlueprintArtifact> blueprints) {
        if (blueprints.isEmpty()) {
            return;
        }
        long backedUp = blueprints.stream().filter(b -> b.status() == BlueprintArtifact.Status.BackedUp).count();
        out.println();
        out.println("Blueprints:     " + backedUp + " backed up of " + blueprints.size() + " workloads");
        for (BlueprintArtifact b : blueprints) {
            out.println("  " + b.namespace() + "/" + b.workload() + ": " + b.blueprint() + " " + b.action() + " " + b.status()
                    + " (pod " + b.pod() + (b.container() == null ? "" : ", container " + b.container())
                    + ", exit code " + (b.exitCode() == null ? Times.NONE : b.exitCode()) + ")");
            if (b.snapshot() != null) {
                out.println("    snapshot: " + b.snapshot() + ", " + Bytes.human(b.bytes()));
            }
            if (b.message() != null) {
                out.println("    " + b.message());
            }
        }
    }

    private static void volumes(PrintWriter out, List<VolumeBackup> volumes, boolean details) {
        if (volumes.isEmpty()) {
            return;
        }
        long backedUp = volumes.stream().filter(v -> v.status() == VolumeBackup.Status.BackedUp).count();
        long read = 0;
        long stored = 0;
        for (VolumeBackup v : volumes) {
            if (v.snapshot() != null) {
                read += v.snapshot().bytesRead();
                stored += v.snapshot().bytesStored();
            }
        }
        out.println();
        out.println("Volumes:        " + backedUp + " backed up of " + volumes.size() + " claims mounted by pods ("
                + Bytes.human(read) + " read, " + Bytes.human(stored) + " stored)");
        if (!details) {
            return;
        }
        for (VolumeBackup v : volumes) {
            out.println("  " + v.key() + ": " + v.status() + (v.reason() == null ? "" : " (" + v.reason() + ")"));
            if (v.persistentVolume() != null) {
                out.println("    volume:   " + v.persistentVolume() + (v.source() == null ? "" : ", " + v.source()));
            }
            out.println("    pods:     " + String.join(", ", v.pods()));
            if (v.snapshot() != null) {
                var s = v.snapshot();
                out.println("    snapshot: " + s.id() + (s.parent() == null ? "" : " (incremental on " + s.parent() + ")"));
                out.println("    files:    " + s.files() + " (" + s.filesUnchanged() + " unchanged), " + Bytes.human(s.bytes()) + " in all");
                out.println(String.format(java.util.Locale.ROOT, "    bytes:    %s read, %s new, %s stored; dedup ratio %.1f",
                        Bytes.human(s.bytesRead()), Bytes.human(s.bytesNew()), Bytes.human(s.bytesStored()), s.dedupRatio()));
            }
        }
    }

    static void restore(PrintWriter out, RestoreRecord r, boolean details) {
        out.println("Name:         " + r.name());
        out.println("Phase:        " + r.phase());
        out.println("Backup:       " + r.spec().backupName());
        if (!r.spec().namespaceMapping().isEmpty()) {
            out.println("Namespaces:   mapped " + r.spec().namespaceMapping());
        }
        out.println("Existing:     " + r.spec().existingResourcePolicy());
        out.println("Started:      " + Times.at(r.started()));
        out.println("Completed:    " + Times.completed(r.started(), r.completed()));
        if (r.failure() != null) {
            out.println("Failure:      " + r.failure());
        }
        out.println();
        out.println("Items:");
        r.counts().forEach((o, n) -> out.println("  " + o + ": " + n));
        if (!r.transforms().isEmpty()) {
            out.println();
            out.println("Transforms:");
            r.transforms().forEach(t -> out.println("  " + t.name() + ": matched " + t.matched() + ", changed " + t.changed()));
        }
        if (!r.volumes().isEmpty()) {
            out.println();
            out.println("Volumes:");
            r.volumes().forEach(v -> out.println("  " + v.namespace() + "/" + v.claim() + ": " + v.status()
                    + (v.target() == null ? "" : " into " + v.target() + ", " + v.files() + " files, " + Bytes.human(v.bytes()))
                    + (v.reason() == null ? "" : " (" + v.reason() + ")")));
        }
        hooks(out, r.hooks(), details);
        problems(out, r.outcome(), details);
    }

    /** Each post-restore exec hook: where, what, its exit code and its output (the first lines, or all with --details). */
    static void hooks(PrintWriter out, List<dev.arca.engine.hooks.HookResult> hooks, boolean details) {
        if (hooks.isEmpty()) {
            return;
        }
        out.println();
        out.println("Hooks:");
        for (var h : hooks) {
            out.println("  " + h.namespace() + "/" + h.pod() + " container " + h.container() + " [" + h.command() + "] ("
                    + h.source() + "): " + (h.succeeded() ? "exit 0" : h.exitCode() >= 0 ? "exit " + h.exitCode() + ", failed" : "failed"));
            List<String> lines = h.output() == null || h.output().isEmpty() ? List.of() : h.output().lines().toList();
            int shown = details ? lines.size() : Math.min(lines.size(), 5);
            lines.subList(0, shown).forEach(l -> out.println("    | " + l));
            if (shown < lines.size()) {
                out.println("    | ... " + (lines.size() - shown) + " more lines; use --details to see all");
            }
        }
    }

    private static void problems(PrintWriter out, Outcome outcome, boolean all) {
        section(out, "Errors", outcome.errors(), all);
        section(out, "Warnings", outcome.warnings(), all);
    }

    private static void section(PrintWriter out, String title, List<Problem> problems, boolean all) {
        out.println();
        out.println(title + ": " + (problems.isEmpty() ? "<none>" : problems.size()));
        int shown = 0;
        for (var group : Outcome.byNamespace(problems).entrySet()) {
            out.println("  " + group.getKey() + ":");
            for (Problem p : group.getValue()) {
                if (!all && shown++ >= 20) {
                    out.println("    ... use --details to see all");
                    return;
                }
                out.println("    " + p.where() + ": " + p.message());
            }
        }
    }

    /** Prints JSON log lines as {@code time level [where] message}. */
    static void logLines(PrintWriter out, InputStream jsonLines) throws IOException {
        dev.arca.archive.LogLines in = new dev.arca.archive.LogLines(jsonLines, "the log");
        String line;
        while ((line = in.next()) != null) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = JSON.readTree(line);
            StringBuilder sb = new StringBuilder();
            sb.append(n.path("time").asText()).append(' ').append(String.format("%-7s", n.path("level").asText()));
            if (n.has("resource")) {
                sb.append(" [").append(n.get("resource").asText()).append(' ');
                if (n.has("namespace")) {
                    sb.append(n.get("namespace").asText()).append('/');
                }
                sb.append(n.path("name").asText()).append(']');
            }
            sb.append(' ').append(n.path("msg").asText());
            out.println(sb);
        }
    }

    private static String listOr(List<String> values, String none) {
        return values.isEmpty() ? none : String.join(",", values);
    }
}
