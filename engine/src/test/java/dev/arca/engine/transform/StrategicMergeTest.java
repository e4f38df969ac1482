package dev.arca.engine.transform;

import static dev.arca.engine.transform.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class StrategicMergeTest {
    private static ObjectNode pod() {
        return obj("{'spec':{'containers':[{'name':'web','image':'w:1','env':[{'name':'A','value':'1'}],"
                + "'ports':[{'containerPort':80},{'containerPort':443}]},{'name':'side','image':'s:1'}],"
                + "'tolerations':[{'key':'a'}],'volumes':[{'name':'v1'},{'name':'v2'}]}}");
    }

    private static java.util.List<String> names(ObjectNode doc) {
        java.util.List<String> out = new java.util.ArrayList<>();
        doc.at("/spec/containers").forEach(c -> out.add(c.path("name").asText()));
        return out;
    }

    @Test
    void containersMergeByNameAndKeepWhatThePatchDoesNotName() {
        ObjectNode doc = pod();
        StrategicMerge.apply(doc, obj("{'spec':{'containers':[{'name':'web','image':'w:2','env':[{'name':'B','value':'2'}]}]}}"));
        assertThat(doc.at("/spec/containers/0/image").asText()).isEqualTo("w:2");
        assertThat(doc.at("/spec/containers/0/env")).isEqualTo(Json.node("[{'name':'A','value':'1'},{'name':'B','value':'2'}]"));
        assertThat(doc.at("/spec/containers/1")).isEqualTo(Json.node("{'name':'side','image':'s:1'}"));
    }

    @Test
    void anElementWithANewKeyIsAppended() {
        ObjectNode doc = pod();
        StrategicMerge.apply(doc, obj("{'spec':{'containers':[{'name':'extra','image':'e:1'}]}}"));
        assertThat(names(doc)).containsExactly("web", "side", "extra");
    }

    @Test
    void portsMergeByContainerPort() {
        ObjectNode doc = pod();
        StrategicMerge.apply(doc, obj("{'spec':{'containers':[{'name':'web','ports':[{'containerPort':443,'name':'tls'}]}]}}"));
        assertThat(doc.at("/spec/containers/0/ports")).isEqualTo(Json.node("[{'containerPort':80},{'containerPort':443,'name':'tls'}]"));
    }

    @Test
    void patchDeleteRemovesTheElementWithThatKey() {
        ObjectNode doc = pod();
        StrategicMerge.apply(doc, obj("{'spec':{'containers':[{'name':'side','$patch':'delete'}],"
                + "'volumes':[{'name':'v1','$patch':'delete'}]}}"));
        assertThat(names(doc)).containsExactly("web");
        assertThat(doc.at("/spec/volumes")).isEqualTo(Json.node("[{'name':'v2'}]"));
    }

    @Test
    void patchReplaceReplacesAWholeListOrObject() {
        ObjectNode doc = pod();
        StrategicMerge.apply(doc, obj("{'spec':{'volumes':[{'$patch':'replace'},{'name':'only'}],"
                + "'containers':[{'name':'web','env':[{'name':'Z'}],'resources':{'$patch':'replace','limits':{'cpu':'1'}}}]}}"));
        assertThat(doc.at("/spec/volumes")).isEqualTo(Json.node("[{'name':'only'}]"));
        assertThat(doc.at("/spec/containers/0/resources")).isEqualTo(Json.node("{'limits':{'cpu':'1'}}"));
    }

    @Test
    void listsWithoutAMergeKeyAreReplacedAndNullRemoves() {
        ObjectNode doc = pod();
        StrategicMerge.apply(doc, obj("{'spec':{'tolerations':[{'key':'b'}],'containers':[{'name':'side','image':null}]}}"));
        assertThat(doc.at("/spec/tolerations")).isEqualTo(Json.node("[{'key':'b'}]"));
        assertThat(doc.at("/spec/containers/1").has("image")).isFalse();
    }
}
