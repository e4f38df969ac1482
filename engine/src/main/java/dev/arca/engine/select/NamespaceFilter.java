package dev.arca.engine.select;

import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/** Include/exclude namespace globs ({@code *} and {@code ?}); exclusions win; no includes means all. */
public final class NamespaceFilter {
    private final List<Pattern> includes;
    private final List<Pattern> excludes;

    public NamespaceFilter(List<String> includes, List<String> excludes) {
        this.includes = includes.stream().map(NamespaceFilter::glob).toList();
        this.excludes = excludes.stream().map(NamespaceFilter::glob).toList();
    }

    public boolean matches(String namespace) {
        if (excludes.stream().anyMatch(p -> p.matcher(namespace).matches())) {
            return false;
        }
        return includes.isEmpty() || includes.stream().anyMatch(p -> p.matcher(namespace).matches());
    }

    /** The include patterns that match none of {@code namespaces} ({@code *} always matches): likely typos. */
    public static List<String> unmatched(List<String> includes, Collection<String> namespaces) {
        return includes.stream().filter(pattern -> !pattern.equals("*"))
                .filter(pattern -> namespaces.stream().noneMatch(glob(pattern).asMatchPredicate()))
                .toList();
    }

    /** True when the includes are plain names (no glob), so they can be listed one by one. */
    public static boolean literal(List<String> includes) {
        return !includes.isEmpty() && includes.stream().noneMatch(s -> s.contains("*") || s.contains("?"));
    }

    static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }
}
