package dev.arca.archive;

import dev.arca.api.ArcaException;

/**
 * Where one item lives in a backup: its resource type, namespace and name.
 *
 * <p>Paths follow Velero's layout inside the tar, so users (and Velero tooling) find items where
 * they expect: {@code resources/<resource>/namespaces/<ns>/<name>.json} for namespaced items and
 * {@code resources/<resource>/cluster/<name>.json} for cluster-scoped ones. Every component is
 * validated so that a path built from a key can never leave the {@code resources/} tree, and
 * {@link #fromPath} accepts exactly the paths {@link #path()} produces.
 *
 * @param resource  {@code plural} for the core group or {@code plural.group}, e.g.
 *                  {@code configmaps}, {@code deployments.apps}
 * @param namespace the namespace, or null for a cluster-scoped item
 * @param name      the item's name (a Kubernetes object name: not empty, not "." or "..", no '/');
 *                  in paths and the resource list, '%', '\' and control characters are escaped as
 *                  {@code %XX} (Kubernetes never allows '%' in a name, so the escape is reversible)
 */
public record ItemKey(String resource, String namespace, String name) {
    private static final String ROOT = "resources";
    private static final String NAMESPACES = "namespaces";
    private static final String CLUSTER = "cluster";
    private static final String SUFFIX = ".json";

    /** @throws ArcaException.InvalidInput when a component is not a valid Kubernetes name */
    public ItemKey {
        if (!Names.isResource(resource)) {
            throw new ArcaException.InvalidInput("resource \"" + resource
                    + "\" is not a valid resource type (plural or plural.group, lowercase)");
        }
        if (namespace != null && !Names.isDnsLabel(namespace)) {
            throw new ArcaException.InvalidInput("namespace \"" + namespace + "\" of " + resource
                    + " is not a valid namespace name");
        }
        if (!Names.isObjectName(name)) {
            throw new ArcaException.InvalidInput("name \"" + (name == null ? "" : Names.encodeSegment(name)) + "\" of "
                    + resource + " is not a name the archive can hold (empty, \".\" or \"..\", longer than "
                    + Names.MAX_OBJECT_NAME + " characters, or holding '/')");
        }
    }

    /** A namespaced item. */
    public static ItemKey namespaced(String resource, String namespace, String name) {
        if (namespace == null) {
            throw new ArcaException.InvalidInput("a namespaced " + resource + " needs a namespace");
        }
        return new ItemKey(resource, namespace, name);
    }

    /** A cluster-scoped item. */
    public static ItemKey cluster(String resource, String name) {
        return new ItemKey(resource, null, name);
    }

    public boolean clusterScoped() {
        return namespace == null;
    }

    /** The path inside the tar, in Velero's layout. */
    public String path() {
        String file = Names.encodeSegment(name) + SUFFIX;
        return namespace == null
                ? ROOT + "/" + resource + "/" + CLUSTER + "/" + file
                : ROOT + "/" + resource + "/" + NAMESPACES + "/" + namespace + "/" + file;
    }

    /** The entry in the resource list: {@code ns/name}, or {@code name} when cluster-scoped (escaped as in paths). */
    public String listEntry() {
        String escaped = Names.encodeSegment(name);
        return namespace == null ? escaped : namespace + "/" + escaped;
    }

    /**
     * Parses a path made by {@link #path()}.
     *
     * @throws ArcaException.Corrupt for anything else: other prefixes, absolute paths, traversal,
     *                               extra or missing segments, invalid names
     */
    public static ItemKey fromPath(String path) {
        if (path == null || !path.startsWith(ROOT + "/") || !path.endsWith(SUFFIX) || path.contains("\\")) {
            throw notAnItemPath(path, null);
        }
        String[] parts = path.split("/", -1);
        String file = parts[parts.length - 1];
        try {
            String name = Names.decodeSegment(file.substring(0, file.length() - SUFFIX.length()));
            if (parts.length == 4 && parts[2].equals(CLUSTER)) {
                return new ItemKey(parts[1], null, name);
            }
            if (parts.length == 5 && parts[2].equals(NAMESPACES)) {
                return new ItemKey(parts[1], parts[3], name);
            }
        } catch (ArcaException.InvalidInput | IllegalArgumentException e) {
            throw notAnItemPath(path, e);
        }
        throw notAnItemPath(path, null);
    }

    private static ArcaException.Corrupt notAnItemPath(String path, Exception cause) {
        String message = "archive entry \"" + path + "\" is not an item path (expected "
                + ROOT + "/<resource>/" + NAMESPACES + "/<ns>/<name>" + SUFFIX + " or "
                + ROOT + "/<resource>/" + CLUSTER + "/<name>" + SUFFIX + ")";
        return cause == null ? new ArcaException.Corrupt(message)
                : new ArcaException.Corrupt(message + ": " + cause.getMessage(), cause);
    }

    @Override
    public String toString() {
        return resource + " " + listEntry();
    }
}
