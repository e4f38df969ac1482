package dev.arca.fleet.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.api.ArcaException;
import dev.arca.engine.transform.PatchOp;
import dev.arca.engine.transform.Pointer;
import java.util.List;

/**
 * Keeps the fields a member's own controllers own (replicas under an HPA, annotations others
 * write): for each retained JSON pointer, the member's live value wins; where the live object has
 * none, the hub's value is not sent either, so the field stays the member's to set.
 */
public final class Retain {
    private Retain() {
    }

    /**
     * @param desired  the rendered copy (not changed)
     * @param live     the member's object, or null when it does not exist yet (then desired is returned as is)
     * @param pointers JSON pointers ({@code /spec/replicas}, {@code /metadata/annotations/team~1owner});
     *                 {@code *} globs allowed
     * @return a new tree
     * @throws ArcaException.InvalidInput for a pointer that is not one
     */
    public static ObjectNode merge(ObjectNode desired, JsonNode live, List<String> pointers) {
        ObjectNode out = desired.deepCopy();
        if (live == null || live.isNull() || live.isMissingNode() || pointers == null) {
            return out;
        }
        for (String text : pointers) {
            Pointer p = Pointer.parse(text);
            if (p.isRoot()) {
                throw new ArcaException.InvalidInput("retain pointer \"\" names the whole object; "
                        + "name a field such as /spec/replicas");
            }
            for (Pointer at : p.expand(out)) {
                if (at.get(live) == null && at.get(out) != null) {
                    new PatchOp("remove", at, null, null, null, null).apply(out);
                }
            }
            for (Pointer at : p.expand(live)) {
                JsonNode value = at.get(live);
                if (value != null) {
                    set(out, at, value.deepCopy());
                }
            }
        }
        return out;
    }

    /** Sets the value at a concrete pointer, creating missing objects on the way (a missing list item is skipped). */
    private static void set(ObjectNode root, Pointer at, JsonNode value) {
        JsonNode node = root;
        for (String seg : at.parent().segments()) {
            JsonNode next = node instanceof ObjectNode o ? o.get(seg) : item(node, seg);
            if (next == null && node instanceof ObjectNode o) {
                next = o.putObject(seg);
            }
            if (next == null) {
                return;
            }
            node = next;
        }
        if (node instanceof ObjectNode o) {
            o.set(at.last(), value);
        } else if (item(node, at.last()) != null) {
            ((ArrayNode) node).set(Integer.parseInt(at.last()), value);
        }
    }

    private static JsonNode item(JsonNode node, String seg) {
        boolean index = !seg.isEmpty() && seg.length() < 10 && seg.chars().allMatch(Character::isDigit);
        return node instanceof ArrayNode a && index && Integer.parseInt(seg) < a.size() ? a.get(Integer.parseInt(seg)) : null;
    }
}
