package dev.arca.engine.mobility;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * How a restore will rewrite what the pre-flight report looks at: an image reference and a
 * storage class name. The report lists what each mapper leaves unchanged; the restore's own
 * mappers (image map, storage class map) are passed in here so that the report and the restore agree.
 *
 * @param image        image reference → the image the restore will write
 * @param storageClass storage class name → the class the restore will write
 */
public record Mappers(UnaryOperator<String> image, UnaryOperator<String> storageClass) {
    public Mappers {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(storageClass, "storageClass");
    }

    /** The mappers of a restore's transforms (its image rules in order, its storage-class map); null: none. */
    public static Mappers of(dev.arca.api.RestoreTransforms transforms) {
        if (transforms == null) {
            return identity();
        }
        java.util.List<dev.arca.engine.transform.ImageRule> rules = transforms.imageMap().stream()
                .map(dev.arca.engine.transform.ImageRule::parse).toList();
        java.util.Map<String, String> classes = transforms.storageClassMap();
        return new Mappers(image -> {
            String out = image;
            for (dev.arca.engine.transform.ImageRule rule : rules) {
                out = rule.apply(out);
            }
            return out;
        }, sc -> classes.getOrDefault(sc, sc));
    }

    /** No mapping: every image and storage class stays as it is. */
    public static Mappers identity() {
        return new Mappers(UnaryOperator.identity(), UnaryOperator.identity());
    }
}
