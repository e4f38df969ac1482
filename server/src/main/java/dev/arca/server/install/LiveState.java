package dev.arca.server.install;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a live object already holds every field an install sets, to the same value. The applier
 * skips such an object instead of applying it again, because a server-side apply of an unchanged
 * CRD still moves its resourceVersion on the API servers we run (kubernetes/kubernetes#124605),
 * and a second {@code arca install} must change nothing.
 */
final class LiveState {
    private LiveState() {
    }

    /**
     * True when {@code live} has every field of {@code desired} with an equal value: objects by
     * key (extra live fields allowed: defaults, status, managed fields; a missing live field holds a
     * zero value, as the API server drops those), arrays element by element
     * with the same length, numbers by value, everything else by equality.
     */
    static boolean holds(JsonNode live, JsonNode desired) {
        return difference(live, desired, "").isEmpty();
    }

    /**
     * A Go zero value, which the API server leaves out of what it stores when the field is
     * {@code omitempty} (a printer column's {@code priority: 0}, for one).
     */
    private static boolean zero(JsonNode value) {
        return value.isNumber() && value.decimalValue().signum() == 0 || value.isBoolean() && !value.booleanValue()
                || value.isTextual() && value.textValue().isEmpty() || value.isContainerNode() && value.isEmpty();
    }

    /** The path of the first field of {@code desired} that {@code live} does not hold, if any. */
    static Optional<String> difference(JsonNode live, JsonNode desired, String path) {
        if (desired == null || desired.isNull()) {
            return live == null || live.isNull() || live.isMissingNode() ? Optional.empty() : Optional.of(path);
        }
        if (live == null || live.isMissingNode()) {
            return zero(desired) ? Optional.empty() : Optional.of(path);
        }
        if (desired.isObject()) {
            if (!live.isObject()) {
                return Optional.of(path);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = desired.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                Optional<String> d = difference(live.get(field.getKey()), field.getValue(), path + "." + field.getKey());
                if (d.isPresent()) {
                    return d;
                }
            }
            return Optional.empty();
        }
        if (desired.isArray()) {
            if (!live.isArray() || live.size() != desired.size()) {
                return Optional.of(path);
            }
            for (int i = 0; i < desired.size(); i++) {
                Optional<String> d = difference(live.get(i), desired.get(i), path + "[" + i + "]");
                if (d.isPresent()) {
                    return d;
                }
            }
            return Optional.empty();
        }
        if (desired.isNumber()) {
            return live.isNumber() && desired.decimalValue().compareTo(live.decimalValue()) == 0
                    ? Optional.empty() : Optional.of(path);
        }
        return desired.equals(live) ? Optional.empty() : Optional.of(path);
    }
}
