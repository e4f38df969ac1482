package dev.arca.engine.select;

import dev.arca.api.ArcaException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A Kubernetes label selector evaluated on the client: {@code a=b}, {@code a==b}, {@code a!=b},
 * {@code a in (x,y)}, {@code a notin (x)}, {@code a}, {@code !a}, joined by commas (AND).
 */
public final class LabelSelector {
    private final String text;
    private final List<Predicate<Map<String, String>>> terms;

    private LabelSelector(String text, List<Predicate<Map<String, String>>> terms) {
        this.text = text;
        this.terms = terms;
    }

    public static LabelSelector parse(String text) {
        List<Predicate<Map<String, String>>> terms = new ArrayList<>();
        for (String term : splitTerms(text)) {
            terms.add(term(term.strip(), text));
        }
        return new LabelSelector(text, terms);
    }

    public boolean matches(Map<String, String> labels) {
        Map<String, String> l = labels == null ? Map.of() : labels;
        return terms.stream().allMatch(t -> t.test(l));
    }

    @Override
    public String toString() {
        return text;
    }

    private static List<String> splitTerms(String text) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(text.substring(start, i));
                start = i + 1;
            }
        }
        out.add(text.substring(start));
        return out.stream().filter(s -> !s.isBlank()).toList();
    }

    private static Predicate<Map<String, String>> term(String t, String whole) {
        String[] setOp = t.split("\\s+(in|notin)\\s+", 2);
        if (setOp.length == 2) {
            String key = key(setOp[0], whole);
            String list = setOp[1].strip();
            if (!list.startsWith("(") || !list.endsWith(")")) {
                throw invalid(whole, "expected a list in parentheses after in/notin");
            }
            Set<String> values = Set.of(list.substring(1, list.length() - 1).strip().split("\\s*,\\s*"));
            boolean in = t.matches(".*\\s+in\\s+.*");
            // an item without the label is not in any set (Set.of refuses contains(null))
            return in ? l -> l.containsKey(key) && values.contains(l.get(key)) : l -> !l.containsKey(key) || !values.contains(l.get(key));
        }
        if (t.contains("!=")) {
            String[] kv = t.split("!=", 2);
            String key = key(kv[0], whole);
            String value = kv[1].strip();
            return l -> !value.equals(l.get(key));
        }
        if (t.contains("=")) {
            String[] kv = t.split("==?", 2);
            String key = key(kv[0], whole);
            String value = kv[1].strip();
            return l -> value.equals(l.get(key));
        }
        if (t.startsWith("!")) {
            String key = key(t.substring(1), whole);
            return l -> !l.containsKey(key);
        }
        String key = key(t, whole);
        return l -> l.containsKey(key);
    }

    private static String key(String raw, String whole) {
        String key = raw.strip();
        if (key.isEmpty() || !key.matches("[A-Za-z0-9][-A-Za-z0-9_./]*")) {
            throw invalid(whole, "\"" + key + "\" is not a label key");
        }
        return key;
    }

    private static ArcaException invalid(String selector, String why) {
        return new ArcaException.InvalidInput("label selector \"" + selector + "\" is not valid: " + why
                + "; use e.g. app=shop,tier!=cache or env in (prod,staging)");
    }
}
