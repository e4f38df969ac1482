package dev.arca.engine.transform;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.archive.ItemKey;

/** Rewrites every container image of every pod template by one {@link ImageRule}. */
public record ImageMapper(ImageRule rule) implements Transform {
    @Override
    public String name() {
        return "image map " + rule;
    }

    @Override
    public boolean applies(ItemKey key, String originalNamespace, ObjectNode item) {
        return PodTemplates.containers(key.resource(), item).stream()
                .anyMatch(c -> !rule.apply(c.get("image").asText()).equals(c.get("image").asText()));
    }

    @Override
    public void apply(ItemKey key, String originalNamespace, ObjectNode item) {
        for (ObjectNode c : PodTemplates.containers(key.resource(), item)) {
            c.put("image", rule.apply(c.get("image").asText()));
        }
    }
}
