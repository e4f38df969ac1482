package dev.arca.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The pods a hook rule applies to, as a Kubernetes {@code LabelSelector} object (Velero's
 * {@code hooks.resources[].labelSelector}): every {@code matchLabels} pair and every expression hold.
 *
 * @param matchLabels      label → value, all required
 * @param matchExpressions {@code {key, operator: In|NotIn|Exists|DoesNotExist, values}}
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record HookSelector(Map<String, String> matchLabels, List<Expression> matchExpressions) {
    public HookSelector {
        matchLabels = matchLabels == null ? Map.of() : new TreeMap<>(matchLabels);
        matchExpressions = matchExpressions == null ? List.of() : List.copyOf(matchExpressions);
    }

    /** One requirement on one label. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Expression(String key, String operator, List<String> values) {
        public Expression {
            values = values == null ? List.of() : List.copyOf(values);
        }

        void check() {
            if (key == null || key.isBlank()) {
                throw new ArcaException.InvalidInput("a hook's labelSelector expression needs a key");
            }
            if (operator == null || !List.of("In", "NotIn", "Exists", "DoesNotExist").contains(operator)) {
                throw new ArcaException.InvalidInput("hook labelSelector expression on \"" + key + "\" has operator \""
                        + operator + "\"; use In, NotIn, Exists or DoesNotExist");
            }
        }

        String text() {
            return switch (operator) {
                case "In" -> key + " in (" + String.join(",", values) + ")";
                case "NotIn" -> key + " notin (" + String.join(",", values) + ")";
                case "Exists" -> key;
                default -> "!" + key;
            };
        }
    }

    /** Refuses an expression without a key or with an unknown operator, as invalid input. */
    public void check() {
        matchExpressions.forEach(Expression::check);
    }

    /** The same selector in the text form ({@code app=db,tier in (a,b)}); empty for one that matches every pod. */
    public String text() {
        String labels = matchLabels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
        String expressions = matchExpressions.stream().map(Expression::text).collect(Collectors.joining(","));
        return labels.isEmpty() ? expressions : expressions.isEmpty() ? labels : labels + "," + expressions;
    }
}
