package dev.arca.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.github.freva.asciitable.AsciiTable;
import dev.arca.api.ArcaException;
import dev.arca.archive.ArchiveJson;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code -o table|json|yaml}: how get and describe print their results to stdout. */
public final class OutputOptions {
    public enum Format { table, json, yaml }

    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "Output format: ${COMPLETION-CANDIDATES}.")
    public Format format;

    public boolean structured() {
        return format != Format.table;
    }

    /** Prints {@code value} as JSON or YAML. */
    public void print(PrintWriter out, Object value) {
        try {
            ObjectMapper mapper = format == Format.yaml
                    ? ArchiveJson.newMapper().copyWith(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER))
                    : ArchiveJson.newMapper().enable(SerializationFeature.INDENT_OUTPUT);
            out.println(mapper.writeValueAsString(value).stripTrailing());
        } catch (java.io.IOException e) {
            throw new ArcaException("cannot print the result: " + e.getMessage(), e);
        }
    }

    /** Prints rows under a header, aligned like kubectl's tables. */
    public static void table(PrintWriter out, String[] header, List<String[]> rows) {
        if (rows.isEmpty()) {
            out.println("No resources found.");
            return;
        }
        int[] width = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            width[i] = header[i].length();
            for (String[] r : rows) {
                width[i] = Math.max(width[i], r[i] == null ? 0 : r[i].length());
            }
        }
        line(out, header, width);
        rows.forEach(r -> line(out, r, width));
    }

    private static void line(PrintWriter out, String[] cells, int[] width) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            String c = cells[i] == null ? "" : cells[i];
            sb.append(c);
            if (i < cells.length - 1) {
                sb.append(" ".repeat(width[i] - c.length() + 3));
            }
        }
        out.println(sb.toString().stripTrailing());
    }

    /** A boxed table for describe's details. */
    static String boxed(String[] header, String[][] rows) {
        return AsciiTable.getTable(header, rows);
    }
}
