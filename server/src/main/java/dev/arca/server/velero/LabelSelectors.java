package dev.arca.server.velero;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes a Kubernetes {@code LabelSelector} object ({@code matchLabels}, {@code matchExpressions})
 * as the selector string Arca takes ({@code app=shop,tier in (web,db),!legacy}); same meaning.
 */
final class LabelSelectors {

    private LabelSelectors() {
    }

    static String toText(String path, JsonNode selector) {
        Fields fields = Fields.of(path, selector);
        List<String> terms = new ArrayList<>();
        JsonNode labels = fields.take("matchLabels");
        if (labels != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = labels.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> label = it.next();
                terms.add(label.getKey() + "=" + label.getValue().asText());
            }
        }
        JsonNode expressions = fields.take("matchExpressions");
        if (expressions != null) {
            if (!expressions.isArray()) {
                throw new ImportProblem(path + ".matchExpressions must be a list of {key, operator, values}");
            }
            for (int i = 0; i < expressions.size(); i++) {
                terms.add(expression(path + ".matchExpressions[" + i + "]", expressions.get(i)));
            }
        }
        if (!fields.isEmpty()) {
            throw new ImportProblem(path + " has fields other than matchLabels and matchExpressions;"
                    + " a label selector has only those two");
        }
        return terms.isEmpty() ? null : String.join(",", terms);
    }

    private static String expression(String path, JsonNode expression) {
        Fields fields = Fields.of(path, expression);
        String key = fields.text("key");
        String operator = fields.text("operator");
        List<String> values = fields.strings("values");
        if (key == null || operator == null) {
            throw new ImportProblem(path + " needs a key and an operator (In, NotIn, Exists, DoesNotExist)");
        }
        boolean needsValues = operator.equals("In") || operator.equals("NotIn");
        if (needsValues && (values == null || values.isEmpty())) {
            throw new ImportProblem(path + ".values is empty; operator " + operator + " needs at least one value");
        }
        String list = values == null ? "" : String.join(",", values);
        return switch (operator) {
            case "In" -> key + " in (" + list + ")";
            case "NotIn" -> key + " notin (" + list + ")";
            case "Exists" -> key;
            case "DoesNotExist" -> "!" + key;
            default -> throw new ImportProblem(path + ".operator is '" + operator
                    + "'; use In, NotIn, Exists or DoesNotExist");
        };
    }
}
