package dev.arca.engine.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.arca.api.ArcaException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One RFC 6902 operation ({@code add}, {@code remove}, {@code replace}, {@code move}, {@code copy},
 * {@code test}) or Arca's {@code valueRegex} rewrite, whose paths may hold {@code *} globs. A glob
 * that matches nothing is a no-op; a concrete path that does not exist where the operation needs
 * it is an error. A glob {@code test} passes when at least one value matches and all are equal.
 *
 * @param op      the operation
 * @param path    where it acts
 * @param from    the source of move and copy, else null
 * @param value   the value of add, replace and test, else null
 * @param pattern for valueRegex: what to find in string values
 * @param replacement for valueRegex: what replaces it ({@code $1} names a group)
 */
public record PatchOp(String op, Pointer path, Pointer from, JsonNode value, Pattern pattern, String replacement) {
    static final List<String> OPS = List.of("add", "remove", "replace", "move", "copy", "test", "valueRegex");

    public PatchOp {
        if (!OPS.contains(op)) {
            throw new ArcaException.InvalidInput("operation \"" + op + "\" is not one of " + OPS);
        }
        if ((op.equals("move") || op.equals("copy")) && from == null) {
            throw new ArcaException.InvalidInput(op + " of " + path + " needs a from path");
        }
        if ((op.equals("add") || op.equals("replace") || op.equals("test")) && value == null) {
            throw new ArcaException.InvalidInput(op + " of " + path + " needs a value");
        }
        if (op.equals("valueRegex") && (pattern == null || replacement == null)) {
            throw new ArcaException.InvalidInput("valueRegex of " + path + " needs a pattern and a replacement");
        }
        if (path.isRoot() && !op.equals("test")) {
            throw new ArcaException.InvalidInput(op + " of the whole object is not allowed; name a path inside it");
        }
    }

    /**
     * Applies this operation to {@code root}.
     *
     * @return false only for a {@code test} that failed
     * @throws ArcaException when a concrete path does not exist where the operation needs it
     */
    public boolean apply(ObjectNode root) {
        List<Pointer> targets = path.expand(root);
        if (path.isGlob() && !op.equals("add") && !op.equals("copy") && !op.equals("move")) {
            targets = targets.stream().filter(p -> p.get(root) != null).toList();
        }
        switch (op) {
            case "test" -> {
                return !targets.isEmpty() && targets.stream().allMatch(p -> value.equals(p.get(root)));
            }
            case "add" -> targets.forEach(p -> add(root, p, value.deepCopy()));
            case "remove" -> {
                for (int i = targets.size() - 1; i >= 0; i--) { // later list items first, so indices stay valid
                    remove(root, targets.get(i));
                }
            }
            case "replace" -> targets.forEach(p -> {
                remove(root, p);
                add(root, p, value.deepCopy());
            });
            case "move", "copy" -> targets.forEach(p -> moveOrCopy(root, p));
            default -> targets.forEach(p -> rewrite(root, p));
        }
        return true;
    }

    private void moveOrCopy(ObjectNode root, Pointer to) {
        JsonNode source = from.get(root);
        if (source == null) {
            throw new ArcaException(op + " from " + from + ": nothing there");
        }
        source = source.deepCopy();
        if (op.equals("move")) {
            remove(root, from);
        }
        add(root, to, source);
    }

    private void rewrite(ObjectNode root, Pointer p) {
        JsonNode old = p.get(root);
        if (old == null && !path.isGlob()) {
            throw new ArcaException("valueRegex at " + p + ": nothing there");
        }
        if (old != null && old.isTextual()) {
            Matcher m = pattern.matcher(old.asText());
            if (m.find()) {
                set(root, p, new TextNode(m.replaceAll(replacement)));
            }
        }
    }

    private static void set(ObjectNode root, Pointer p, JsonNode v) {
        JsonNode parent = p.parent().get(root);
        if (parent instanceof ObjectNode o) {
            o.set(p.last(), v);
        } else if (parent instanceof ArrayNode a) {
            a.set(Integer.parseInt(p.last()), v);
        }
    }

    static void add(ObjectNode root, Pointer p, JsonNode v) {
        JsonNode parent = p.parent().get(root);
        if (parent instanceof ObjectNode o) {
            o.set(p.last(), v);
        } else if (parent instanceof ArrayNode a) {
            if (p.last().equals("-")) {
                a.add(v);
                return;
            }
            int i = Pointer.index(p.last(), a.size());
            if (i < 0) {
                throw new ArcaException("add at " + p + ": index out of range (the list has " + a.size() + " items)");
            }
            a.insert(i, v);
        } else {
            throw new ArcaException("add at " + p + ": " + p.parent() + " does not exist or is not an object or list");
        }
    }

    static void remove(ObjectNode root, Pointer p) {
        JsonNode parent = p.parent().get(root);
        if (parent instanceof ObjectNode o && o.has(p.last())) {
            o.remove(p.last());
        } else if (parent instanceof ArrayNode a && Pointer.index(p.last(), a.size() - 1) >= 0) {
            a.remove(Pointer.index(p.last(), a.size() - 1));
        } else {
            throw new ArcaException("path " + p + " does not exist");
        }
    }

    @Override
    public String toString() {
        return op + " " + path;
    }
}
