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

    /** Longest object name the archive takes; Kubernetes sets none for path-segment names (RBAC). */
    static final int MAX_OBJECT_NAME = 1024;

    /**
     * The widest name Kubernetes accepts for an object: a path-segment name (RBAC objects use
     * {@code system:...}, and {@code a..b} is valid), i.e. not empty, not "." or "..", no '/'.
     * Characters unsafe in a file name are stored escaped ({@link #encodeSegment}), so no name is
     * refused for its characters; the length is capped at {@link #MAX_OBJECT_NAME}.
     */
    static boolean isObjectName(String s) {
        return s != null && !s.isEmpty() && s.length() <= MAX_OBJECT_NAME && !s.equals(".") && !s.equals("..")
                && s.indexOf('/') < 0;
    }

    /**
     * A name as one path segment of the archive: '%' (which Kubernetes never allows in a name),
     * '\' and control characters become {@code %XX} escapes of their UTF-8 bytes; every other
     * character stays as it is, so the names of Velero's layout are unchanged.
     */
    static String encodeSegment(String name) {
        int i = 0;
        while (i < name.length() && !escaped(name.charAt(i))) {
            i++;
        }
        if (i == name.length()) {
            return name;
        }
        StringBuilder out = new StringBuilder(name.length() + 8).append(name, 0, i);
        for (; i < name.length(); i++) {
            char c = name.charAt(i);
            if (escaped(c)) {
                for (byte b : String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                    out.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * The inverse of {@link #encodeSegment}: accepts only what it produces (canonical escapes).
     *
     * @throws IllegalArgumentException for a malformed or non-canonical escape
     */
    static String decodeSegment(String segment) {
        if (segment.indexOf('%') < 0) {
            if (!encodeSegment(segment).equals(segment)) {
                throw new IllegalArgumentException("unescaped character");
            }
            return segment;
        }
        StringBuilder name = new StringBuilder(segment.length());
        java.io.ByteArrayOutputStream run = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c != '%') {
                name.append(c);
                continue;
            }
            if (i + 2 >= segment.length()) {
                throw new IllegalArgumentException("truncated escape");
            }
            run.reset();
            while (i < segment.length() && segment.charAt(i) == '%' && i + 2 < segment.length()) {
                run.write(Integer.parseInt(segment.substring(i + 1, i + 3), 16));
                i += 3;
            }
            i--;
            name.append(run.toString(java.nio.charset.StandardCharsets.UTF_8));
        }
        if (!encodeSegment(name.toString()).equals(segment)) {
            throw new IllegalArgumentException("non-canonical escape");
        }
        return name.toString();
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private static boolean escaped(char c) {
        return c == '%' || c == '\\' || Character.isISOControl(c);
    }

    /** A resource type: {@code plural} (core group) or {@code plural.group}, lowercase. */
    static boolean isResource(String s) {
        return s != null && s.length() <= 63 + 1 + 253 && DNS_SUBDOMAIN.matcher(s).matches();
    }
}
