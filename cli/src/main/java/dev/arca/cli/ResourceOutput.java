package dev.arca.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code -o json|yaml} for Kubernetes objects: as kubectl prints them (a {@code kind: List} for several). */
public final class ResourceOutput {
    private ResourceOutput() {
    }

    public static void print(PrintWriter out, OutputOptions.Format format, Object value) {
        String text = format == OutputOptions.Format.json ? Serialization.asJson(value) : Serialization.asYaml(value);
        out.println((text.startsWith("---\n") ? text.substring(4) : text).stripTrailing());
    }

    /** A {@code v1 List} of {@code items}, as {@code kubectl get -o yaml} shows several objects. */
    public static Map<String, Object> list(List<? extends HasMetadata> items) {
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("apiVersion", "v1");
        list.put("kind", "List");
        list.put("items", items);
        return list;
    }
}
