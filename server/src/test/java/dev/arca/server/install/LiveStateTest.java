package dev.arca.server.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class LiveStateTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void aLiveObjectWithDefaultsStatusAndMoreFieldsStillHoldsWhatWasApplied() throws Exception {
        assertThat(LiveState.holds(
                json("{'metadata':{'name':'a','resourceVersion':'7','managedFields':[{}]},'spec':{'x':1,'d':'default'},"
                        + "'status':{'ok':true}}"),
                json("{'metadata':{'name':'a'},'spec':{'x':1}}"))).isTrue();
        assertThat(LiveState.holds(json("{'n':1}"), json("{'n':1.0}"))).as("numbers by value").isTrue();
        assertThat(LiveState.holds(json("{'columns':[{'name':'Age'}]}"), json("{'columns':[{'name':'Age','priority':0}]}")))
                .as("the API server drops a zero priority").isTrue();
    }

    @Test
    void aDifferentValueAMissingFieldOrAListOfAnotherLengthDoesNotHold() throws Exception {
        assertThat(LiveState.holds(json("{'spec':{'x':1}}"), json("{'spec':{'x':2}}"))).isFalse();
        assertThat(LiveState.holds(json("{'spec':{}}"), json("{'spec':{'x':'a'}}"))).isFalse();
        assertThat(LiveState.holds(json("{'l':[1,2,3]}"), json("{'l':[1,2]}"))).isFalse();
        assertThat(LiveState.holds(json("{'l':[2,1]}"), json("{'l':[1,2]}"))).isFalse();
        assertThat(LiveState.holds(json("{'s':'1'}"), json("{'s':1}"))).as("a string is not a number").isFalse();
        assertThat(LiveState.holds(json("{}"), json("{'priority':1}"))).as("only a zero value may be missing").isFalse();
        assertThat(LiveState.difference(json("{'a':{'b':[1,{'c':2}]}}"), json("{'a':{'b':[1,{'c':3}]}}"), ""))
                .contains(".a.b[1].c");
    }
}
