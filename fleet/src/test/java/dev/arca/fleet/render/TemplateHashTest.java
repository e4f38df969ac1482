package dev.arca.fleet.render;

import static dev.arca.fleet.render.Fixtures.deployment;
import static dev.arca.fleet.render.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class TemplateHashTest {

    @Test
    void isSixteenHexDigitsAndIgnoresStatusAndServerFields() {
        ObjectNode d = deployment();
        String hash = TemplateHash.of(d);
        assertThat(hash).matches("[0-9a-f]{16}");
        d.with("metadata").put("resourceVersion", "99").put("generation", 4).put("uid", "u");
        d.with("metadata").with("annotations").put("kubectl.kubernetes.io/last-applied-configuration", "{}");
        d.putObject("status").put("readyReplicas", 3);
        assertThat(TemplateHash.of(d)).isEqualTo(hash);
    }

    @Test
    void doesNotDependOnKeyOrder() {
        ObjectNode a = json("{\"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"c\", \"labels\": {\"a\": \"1\", \"b\": \"2\"}}}");
        ObjectNode b = json("{\"metadata\": {\"labels\": {\"b\": \"2\", \"a\": \"1\"}, \"name\": \"c\"}, \"kind\": \"ConfigMap\"}");
        assertThat(TemplateHash.of(a)).isEqualTo(TemplateHash.of(b));
    }

    @Test
    void changesWithTheSpecALabelOrAnAnnotation() {
        String hash = TemplateHash.of(deployment());
        ObjectNode spec = deployment();
        spec.with("spec").put("replicas", 4);
        ObjectNode label = deployment();
        label.with("metadata").with("labels").put("new", "1");
        ObjectNode annotation = deployment();
        annotation.with("metadata").with("annotations").put("note", "y");
        assertThat(TemplateHash.of(spec)).isNotEqualTo(hash);
        assertThat(TemplateHash.of(label)).isNotEqualTo(hash);
        assertThat(TemplateHash.of(annotation)).isNotEqualTo(hash);
    }
}
