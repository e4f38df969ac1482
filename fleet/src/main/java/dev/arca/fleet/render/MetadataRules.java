package dev.arca.fleet.render;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.fleet.resources.SyncRules;
import java.util.ArrayList;
import java.util.List;

/**
 * Which label and annotation keys flow from the hub to members: a key flows when there is no
 * {@code allow} prefix or it starts with one, and it starts with no {@code deny} prefix. No rules
 * (null): every key flows.
 */
final class MetadataRules {
    private MetadataRules() {
    }

    /** Removes, in place, the labels and annotations of {@code obj} that do not flow. */
    static void apply(ObjectNode obj, SyncRules sync) {
        if (sync == null || !(obj.get("metadata") instanceof ObjectNode meta)) {
            return;
        }
        filter(meta, "labels", sync.labels);
        filter(meta, "annotations", sync.annotations);
    }

    /** Whether {@code key} flows under {@code rules}. */
    static boolean flows(String key, SyncRules.PrefixRules rules) {
        if (rules == null) {
            return true;
        }
        List<String> allow = rules.allow == null ? List.of() : rules.allow;
        List<String> deny = rules.deny == null ? List.of() : rules.deny;
        return (allow.isEmpty() || allow.stream().anyMatch(key::startsWith)) && deny.stream().noneMatch(key::startsWith);
    }

    private static void filter(ObjectNode meta, String field, SyncRules.PrefixRules rules) {
        if (rules == null || !(meta.get(field) instanceof ObjectNode map)) {
            return;
        }
        List<String> drop = new ArrayList<>();
        map.fieldNames().forEachRemaining(k -> {
            if (!flows(k, rules)) {
                drop.add(k);
            }
        });
        map.remove(drop);
    }
}
