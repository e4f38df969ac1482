package dev.arca.engine.transform;

import dev.arca.api.ArcaException;

/**
 * A container image reference split as Karmada's imageOverrider sees it:
 * {@code [registry/]repository[:tag][@digest]}. The first path component is the registry when it
 * holds a dot or a port, or is {@code localhost} ({@code host:5000/team/app:1.2}); otherwise the
 * image has no registry written (Docker Hub is implied).
 *
 * @param registry   the registry host (with port), or null when none is written
 * @param repository the path inside the registry
 * @param tag        the tag, or null
 * @param digest     the digest ({@code sha256:...}), or null
 */
public record ImageRef(String registry, String repository, String tag, String digest) {
    public ImageRef {
        if (repository == null || repository.isBlank()) {
            throw new ArcaException.InvalidInput("an image needs a repository");
        }
    }

    public static ImageRef parse(String image) {
        String rest = image.strip();
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
        }
        String registry = null;
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                registry = first;
                rest = rest.substring(slash + 1);
            }
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        if (rest.isEmpty()) {
            throw new ArcaException.InvalidInput("image \"" + image + "\" has no repository");
        }
        return new ImageRef(registry, rest, tag, digest);
    }

    public ImageRef withRegistry(String r) {
        return new ImageRef(r == null || r.isEmpty() ? null : r, repository, tag, digest);
    }

    public ImageRef withRepository(String r) {
        return new ImageRef(registry, r, tag, digest);
    }

    public ImageRef withTag(String t) {
        return new ImageRef(registry, repository, t == null || t.isEmpty() ? null : t, digest);
    }

    @Override
    public String toString() {
        return (registry == null ? "" : registry + "/") + repository + (tag == null ? "" : ":" + tag)
                + (digest == null ? "" : "@" + digest);
    }
}
