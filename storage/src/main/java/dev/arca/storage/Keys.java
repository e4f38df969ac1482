package dev.arca.storage;

import dev.arca.api.ArcaException;

/** Validation of object keys, shared by every provider so none can be tricked into escaping its root. */
public final class Keys {
    private Keys() {
    }

    /** Returns {@code key} when it is a clean relative '/'-separated path; throws otherwise. */
    public static String check(String key) {
        if (key == null || key.isEmpty() || key.startsWith("/") || key.endsWith("/") || key.contains("\\")) {
            throw new ArcaException.InvalidInput("object key \"" + key + "\" is not a relative path");
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new ArcaException.InvalidInput("object key \"" + key + "\" has an empty, '.' or '..' segment");
            }
        }
        return key;
    }

    /** A prefix is a key or the empty string; a trailing '/' is allowed. */
    public static String checkPrefix(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return "";
        }
        check(prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix);
        return prefix;
    }

    /**
     * A location's key prefix as the user wrote it, cleaned: surrounding whitespace and slashes
     * removed, then checked like a key; "" when there is none.
     */
    public static String normalizePrefix(String prefix) {
        if (prefix == null) {
            return "";
        }
        String p = prefix.strip();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() ? "" : check(p);
    }
}
