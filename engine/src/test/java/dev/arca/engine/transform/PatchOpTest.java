package dev.arca.engine.transform;

import static dev.arca.engine.transform.Json.node;
import static dev.arca.engine.transform.Json.obj;
import static dev.arca.engine.transform.Json.op;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.api.ArcaException;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PatchOpTest {
    @Test
    void addRemoveReplaceFollowRfc6902() {
        ObjectNode doc = obj("{'a':{'b':1},'l':[1,2,3]}");
        op("add", "/a/c", "'x'").apply(doc);
        op("add", "/l/1", "9").apply(doc);
        op("add", "/l/-", "7").apply(doc);
        op("remove", "/a/b", null).apply(doc);
        op("replace", "/l/0", "0").apply(doc);
        assertThat(doc).isEqualTo(obj("{'a':{'c':'x'},'l':[0,9,2,3,7]}"));
    }

    @Test
    void moveAndCopyTakeTheirValueFromThePathNamedFrom() {
        ObjectNode doc = obj("{'a':{'b':1},'c':{}}");
        new PatchOp("copy", Pointer.parse("/c/copied"), Pointer.parse("/a/b"), null, null, null).apply(doc);
        new PatchOp("move", Pointer.parse("/c/moved"), Pointer.parse("/a"), null, null, null).apply(doc);
        assertThat(doc).isEqualTo(obj("{'c':{'copied':1,'moved':{'b':1}}}"));
    }

    @Test
    void testReportsWhetherTheValueIsThere() {
        ObjectNode doc = obj("{'spec':{'replicas':3}}");
        assertThat(op("test", "/spec/replicas", "3").apply(doc)).isTrue();
        assertThat(op("test", "/spec/replicas", "'3'").apply(doc)).isFalse();
        assertThat(op("test", "/spec/missing", "3").apply(doc)).isFalse();
    }

    @Test
    void replacingAPathThatDoesNotExistIsAnErrorNamingIt() {
        assertThatThrownBy(() -> op("replace", "/spec/storageClassName", "'x'").apply(obj("{'spec':{}}")))
                .isInstanceOf(ArcaException.class).hasMessageContaining("/spec/storageClassName does not exist");
    }

    @Test
    void aGlobActsOnEveryMatchAndIgnoresElementsWithoutTheField() {
        ObjectNode doc = obj("{'c':[{'name':'a','image':'x'},{'name':'b'},{'name':'c','image':'y'}]}");
        op("replace", "/c/*/image", "'z'").apply(doc);
        assertThat(doc).isEqualTo(obj("{'c':[{'name':'a','image':'z'},{'name':'b'},{'name':'c','image':'z'}]}"));
        op("add", "/c/*/pull", "'Never'").apply(doc);
        assertThat(doc.path("c").findValuesAsText("pull")).containsExactly("Never", "Never", "Never");
        op("remove", "/c/*", null).apply(doc);
        assertThat(doc).isEqualTo(obj("{'c':[]}"));
    }

    @Test
    void aGlobSegmentMayMatchPartOfAFieldName() {
        ObjectNode doc = obj("{'labels':{'team-a':'1','team-b':'2','app':'3'}}");
        op("remove", "/labels/team-*", null).apply(doc);
        assertThat(doc).isEqualTo(obj("{'labels':{'app':'3'}}"));
    }

    @Test
    void aGlobTestPassesOnlyWhenEveryMatchHasTheValue() {
        ObjectNode doc = obj("{'c':[{'p':'Always'},{'p':'Never'}]}");
        assertThat(op("test", "/c/*/p", "'Always'").apply(doc)).isFalse();
        assertThat(op("test", "/c/0/p", "'Always'").apply(doc)).isTrue();
        assertThat(op("test", "/nothing/*/p", "'Always'").apply(doc)).isFalse();
    }

    @Test
    void valueRegexRewritesOnlyTheStringsItFinds() {
        ObjectNode doc = obj("{'c':[{'image':'registry.prod:5000/shop/web:1.2'},{'image':'nginx:1.25'},{'image':3}]}");
        new PatchOp("valueRegex", Pointer.parse("/c/*/image"), null, null,
                Pattern.compile("^registry\\.prod:5000/(.*)$"), "registry.qa.local/$1").apply(doc);
        assertThat(doc).isEqualTo(obj("{'c':[{'image':'registry.qa.local/shop/web:1.2'},{'image':'nginx:1.25'},{'image':3}]}"));
    }

    @Test
    void pointersUnescapeTildeAndSlash() {
        ObjectNode doc = obj("{'metadata':{'annotations':{'a/b~c':'1'}}}");
        assertThat(Pointer.parse("/metadata/annotations/a~1b~0c").get(doc)).isEqualTo(node("'1'"));
        assertThat(Pointer.parse("/metadata/annotations/a~1b~0c").toString()).isEqualTo("/metadata/annotations/a~1b~0c");
    }
}
