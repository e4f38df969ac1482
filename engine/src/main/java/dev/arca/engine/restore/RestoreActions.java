package dev.arca.engine.restore;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.api.ArcaException;
import dev.arca.archive.ItemKey;
import java.util.List;
import java.util.Optional;

/** The restore's {@link RestoreItemAction}s, run in order on each item about to be applied. */
final class RestoreActions {
    private final List<RestoreItemAction> actions;

    RestoreActions(List<RestoreItemAction> actions) {
        this.actions = List.copyOf(actions);
    }

    /**
     * Runs every action on {@code item} until one skips it.
     *
     * @return null to apply the item, or why it is skipped (naming the action)
     * @throws ArcaException when an action fails: that item's error, naming the action
     */
    String apply(ItemKey key, String targetNamespace, ObjectNode item) {
        for (RestoreItemAction action : actions) {
            Optional<String> skip;
            try {
                skip = action.act(key, targetNamespace, item);
            } catch (RuntimeException e) {
                throw new ArcaException("restore item action " + action.getClass().getName() + " failed on " + key.resource()
                        + " " + (key.namespace() == null ? "" : key.namespace() + "/") + key.name() + ": "
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                        + "; fix or remove the plugin that provides it", e);
            }
            if (skip != null && skip.isPresent()) {
                return "skipped by restore item action " + action.getClass().getSimpleName() + ": " + skip.get();
            }
        }
        return null;
    }
}
