package dev.arca.engine.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.api.ArcaException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A JSON pointer (RFC 6901) whose segments may hold {@code *} globs: {@code /spec/containers/*}/image
 * names the image of every container. {@link #expand} turns it into the concrete pointers that
 * exist in a document. Immutable.
 */
public record Pointer(List<String> segments) {
    public Pointer {
        segments = List.copyOf(segments);
    }

    /** Parses {@code /a/b~1c/*}; the empty string is the whole document. */
    public static Pointer parse(String text) {
        if (text == null) {
            throw new ArcaException.InvalidInput("a path is missing");
        }
        if (!(text.isEmpty() || text.startsWith("/"))) {
            throw new ArcaException.InvalidInput("path \"" + text + "\" is not a JSON pointer: it must start with /");
        }
        List<String> out = new ArrayList<>();
        if (!text.isEmpty()) {
            for (String s : text.substring(1).split("/", -1)) {
                out.add(s.replace("~1", "/").replace("~0", "~"));
            }
        }
        return new Pointer(out);
    }

    public boolean isGlob() {
        return segments.stream().anyMatch(s -> s.contains("*"));
    }

    public boolean isRoot() {
        return segments.isEmpty();
    }

    public Pointer parent() {
        return new Pointer(segments.subList(0, segments.size() - 1));
    }

    public String last() {
        return segments.get(segments.size() - 1);
    }

    public Pointer child(String segment) {
        List<String> s = new ArrayList<>(segments);
        s.add(segment);
        return new Pointer(s);
    }

    /** The concrete pointers in {@code root} this one names: itself when it has no glob, whether or not it exists. */
    public List<Pointer> expand(JsonNode root) {
        if (!isGlob()) {
            return List.of(this);
        }
        List<Pointer> out = new ArrayList<>();
        expand(root, 0, new ArrayList<>(), out);
        return out;
    }

    private void expand(JsonNode node, int i, List<String> prefix, List<Pointer> out) {
        if (i == segments.size()) {
            out.add(new Pointer(prefix));
            return;
        }
        String seg = segments.get(i);
        if (!seg.contains("*")) {
            JsonNode next = step(node, seg);
            if (next != null || i == segments.size() - 1) {
                prefix.add(seg);
                if (next != null) {
                    expand(next, i + 1, prefix, out);
                } else {
                    out.add(new Pointer(prefix));
                }
                prefix.remove(prefix.size() - 1);
            }
            return;
        }
        Pattern glob = glob(seg);
        for (String name : childNames(node)) {
            if (glob.matcher(name).matches()) {
                prefix.add(name);
                expand(step(node, name), i + 1, prefix, out);
                prefix.remove(prefix.size() - 1);
            }
        }
    }

    private static List<String> childNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        if (node instanceof ArrayNode a) {
            for (int k = 0; k < a.size(); k++) {
                names.add(Integer.toString(k));
            }
        } else if (node instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                names.add(it.next().getKey());
            }
        }
        return names;
    }

    static Pattern glob(String seg) {
        StringBuilder re = new StringBuilder();
        for (String part : seg.split("\\*", -1)) {
            if (!re.isEmpty()) {
                re.append(".*");
            }
            re.append(Pattern.quote(part));
        }
        return Pattern.compile(re.toString());
    }

    /** The node at this (concrete) pointer, or null. */
    public JsonNode get(JsonNode root) {
        JsonNode node = root;
        for (String seg : segments) {
            node = step(node, seg);
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    private static JsonNode step(JsonNode node, String seg) {
        if (node instanceof ObjectNode o) {
            return o.get(seg);
        }
        if (node instanceof ArrayNode a) {
            int index = index(seg, a.size() - 1);
            return index < 0 ? null : a.get(index);
        }
        return null;
    }

    /** {@code seg} as an array index no larger than {@code max}, or -1. */
    static int index(String seg, int max) {
        if (seg.isEmpty() || seg.length() > 9 || !seg.chars().allMatch(Character::isDigit) || seg.length() > 1 && seg.startsWith("0")) {
            return -1;
        }
        int i = Integer.parseInt(seg);
        return i <= max ? i : -1;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        segments.forEach(s -> b.append('/').append(s.replace("~", "~0").replace("/", "~1")));
        return b.toString();
    }
}
