package dev.arca.cli;

import dev.arca.engine.mobility.PreflightReport;
import dev.arca.engine.mobility.Verification;
import java.io.PrintWriter;
import java.util.List;

/** {@code arca migrate}'s pre-flight report and verification as text. */
final class PreflightText {
    private PreflightText() {
    }

    static void print(PrintWriter out, PreflightReport r) {
        out.println("Pre-flight: " + r.source() + " -> " + r.target());
        out.println("Namespaces in scope: " + (r.namespaces().isEmpty() ? "none" : String.join(", ", r.namespaces())));
        section(out, "API types the target lacks", r.missingTypes().stream().map(t -> (t.blocking() ? "BLOCKING " : "carried  ")
                + t.resource() + " (" + t.apiVersion() + " " + t.kind() + ", " + t.items() + " objects): " + t.reason()).toList());
        section(out, "Storage classes the target lacks", r.missingStorageClasses().stream().map(c -> c.storageClass()
                + (c.mappedTo().equals(c.storageClass()) ? "" : " (mapped to " + c.mappedTo() + ")") + ", used by: "
                + String.join("; ", c.usedBy())).toList());
        section(out, "Namespaces that exist in the target (objects there are left as they are unless"
                + " --existing-resource-policy update)", r.existingNamespaces().stream().map(n -> n.target()
                + (n.target().equals(n.source()) ? "" : " (from " + n.source() + ")")).toList());
        section(out, "Images left unchanged by the mapping", r.images().stream().filter(PreflightReport.Image::unchanged)
                .map(i -> i.image() + ", used by: " + String.join("; ", i.usedBy())).toList());
        List<String> mapped = r.images().stream().filter(i -> !i.unchanged()).map(i -> i.image() + " -> " + i.mappedTo()).toList();
        if (!mapped.isEmpty()) {
            section(out, "Images the mapping changes", mapped);
        }
        out.println(r.blocked() ? "Result: BLOCKED: objects of the types marked BLOCKING would fail in the target"
                : "Result: no blocking problem");
    }

    static void print(PrintWriter out, Verification v) {
        out.println("Verification: " + (v.passed() ? "passed" : "FAILED"));
        out.printf("  %-45s %9s %8s %8s%n", "RESOURCE", "BACKED-UP", "SKIPPED", "PRESENT");
        v.types().forEach((type, c) -> out.printf("  %-45s %9d %8d %8d%s%n", type, c.backedUp(), c.skipped(), c.present(),
                c.matches() ? "" : "   differs"));
        v.differences().forEach(d -> out.println("  " + d));
    }

    private static void section(PrintWriter out, String title, List<String> lines) {
        out.println(title + ":" + (lines.isEmpty() ? " none" : ""));
        lines.forEach(l -> out.println("  " + l));
    }
}
