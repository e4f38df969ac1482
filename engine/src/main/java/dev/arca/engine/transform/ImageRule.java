package dev.arca.engine.transform;

import dev.arca.api.ArcaException;
import java.util.Locale;

/**
 * One image rule. Two forms:
 * <ul>
 * <li>{@code component:operator[:value]} with Karmada imageOverrider meaning, applied to every
 * image: component {@code registry|repository|tag}; {@code replace} sets the component to the
 * value, {@code remove} drops it (registry or tag), {@code add} appends the value to the registry
 * or repository, and sets the tag;</li>
 * <li>{@code old=new}: images whose registry is {@code old}, or that start with {@code old}
 * followed by {@code /}, {@code :} or {@code @}, get {@code new} in its place. An image with no
 * registry written counts as {@code docker.io} (and {@code nginx} becomes {@code new/library/nginx}).</li>
 * </ul>
 */
public record ImageRule(String text, String component, String operator, String value, String from, String to) {
    public static ImageRule parse(String text) {
        String t = text == null ? "" : text.strip();
        int eq = t.indexOf('=');
        if (eq >= 0) {
            String from = t.substring(0, eq).strip();
            String to = t.substring(eq + 1).strip();
            if (from.isEmpty() || to.isEmpty()) {
                throw new ArcaException.InvalidInput("image map \"" + text + "\" is not old=new, e.g. registry.prod:5000=registry.qa.local");
            }
            return new ImageRule(t, null, null, null, from, to);
        }
        String[] p = t.split(":", 3);
        String component = p[0].toLowerCase(Locale.ROOT);
        String operator = p.length > 1 ? p[1].toLowerCase(Locale.ROOT) : "";
        String value = p.length > 2 ? p[2] : null;
        if (!component.matches("registry|repository|tag") || !operator.matches("add|remove|replace")) {
            throw new ArcaException.InvalidInput("image map \"" + text + "\" is not COMPONENT:OPERATOR[:VALUE] (component registry, "
                    + "repository or tag; operator add, remove or replace) nor OLD=NEW");
        }
        if (!operator.equals("remove") && (value == null || value.isBlank())) {
            throw new ArcaException.InvalidInput("image map \"" + text + "\" needs a value after " + component + ":" + operator + ":");
        }
        if (operator.equals("remove") && component.equals("repository")) {
            throw new ArcaException.InvalidInput("image map \"" + text + "\": an image cannot lose its repository; use replace");
        }
        return new ImageRule(t, component, operator, value, null, null);
    }

    /** The image after this rule; the same string when the rule does not touch it. */
    public String apply(String image) {
        if (from != null) {
            return prefixed(image);
        }
        ImageRef ref = ImageRef.parse(image);
        ImageRef out = switch (component) {
            case "registry" -> ref.withRegistry(switch (operator) {
                case "add" -> (ref.registry() == null ? "" : ref.registry()) + value;
                case "remove" -> null;
                default -> value;
            });
            case "repository" -> ref.withRepository(operator.equals("add") ? ref.repository() + value : value);
            default -> ref.withTag(operator.equals("remove") ? null : value);
        };
        return out.equals(ref) ? image : out.toString();
    }

    private String prefixed(String image) {
        ImageRef ref = ImageRef.parse(image);
        String registry = ref.registry() == null ? "docker.io" : ref.registry();
        if (registry.equals(from)) {
            // Docker Hub's official images live under library/ in any other registry
            boolean official = ref.registry() == null && !ref.repository().contains("/");
            return ref.withRegistry(to).withRepository(official ? "library/" + ref.repository() : ref.repository()).toString();
        }
        if (image.startsWith(from) && (image.length() == from.length() || "/:@".indexOf(image.charAt(from.length())) >= 0)) {
            return to + image.substring(from.length());
        }
        return image;
    }

    @Override
    public String toString() {
        return text;
    }
}
