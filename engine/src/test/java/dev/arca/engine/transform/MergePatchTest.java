package dev.arca.engine.transform;

import static dev.arca.engine.transform.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class MergePatchTest {
    @Test
    void nullRemovesObjectsMergeAndListsAreReplaced() {
        ObjectNode doc = obj("{'metadata':{'labels':{'a':'1','b':'2'}},'spec':{'l':[1,2],'x':'y'}}");
        MergePatch.apply(doc, obj("{'metadata':{'labels':{'a':null,'c':'3'}},'spec':{'l':[9]},'new':{'k':{'n':null,'v':1}}}"));
        assertThat(doc).isEqualTo(obj("{'metadata':{'labels':{'b':'2','c':'3'}},'spec':{'l':[9],'x':'y'},'new':{'k':{'v':1}}}"));
    }

    @Test
    void anObjectReplacesAScalar() {
        ObjectNode doc = obj("{'a':'text'}");
        MergePatch.apply(doc, obj("{'a':{'b':1}}"));
        assertThat(doc).isEqualTo(obj("{'a':{'b':1}}"));
    }
}
