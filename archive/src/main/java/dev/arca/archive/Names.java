package dev.arca.archive;

import java.util.regex.Pattern;

/** Kubernetes name rules the archive relies on to keep its paths and keys safe. */
final class Names {
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private Names() {
    }

    /** RFC 1123 label: namespaces. */
    static boolean isDnsLabel(String s) {
        return s != null && s.length() <= 63 && DNS_LABEL.matcher(s).matches();
    }

    /** RFC 1123 subdomain: most object names, backup names, API groups. */
    static boolean isDnsSubdomain(String s) {
        return s != null && s.length() <= 253 && DNS_SUBDOMAIN.matcher(s).matches();
    }

    /**
     * The widest name Kubernetes accepts for an object (a path segment name: RBAC objects use
     * {@code system:...}), narrowed so it is safe as a file name: not empty, at most 253
     * characters, no '/', '\', '%', "..", nor control characters.
     */
    static boolean isObjectName(String s) {
        if (s == null || s.isEmpty() || s.length() > 253 || s.contains("..")) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '/' || c == '\\' || c == '%' || Character.isISOControl(c)) {
                return false;
            }
        }
        return true;
    }

    /** A resource type: {@code plural} (core group) or {@code plural.group}, lowercase. */
    static boolean isResource(String s) {
        return s != null && s.length() <= 63 + 1 + 253 && DNS_SUBDOMAIN.matcher(s).matches();
    }
}
