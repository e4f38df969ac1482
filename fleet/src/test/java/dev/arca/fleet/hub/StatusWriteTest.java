package dev.arca.fleet.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class StatusWriteTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aFirstWriteAddsTheWholeStatusWithoutNulls() throws Exception {
        ObjectNode fields = (ObjectNode) JSON.readTree("{\"health\":\"Healthy\",\"message\":null,\"nested\":{\"a\":null,\"b\":1}}");
        assertThat(StatusWrite.ops(null, fields).toString())
                .isEqualTo("[{\"op\":\"add\",\"path\":\"/status\",\"value\":{\"health\":\"Healthy\",\"nested\":{\"b\":1}}}]");
    }

    @Test
    void laterWritesSetGivenFieldsRemoveNullOnesThatExistAndLeaveTheRest() throws Exception {
        var current = JSON.readTree("{\"health\":\"Progressing\",\"message\":\"0/1 available\",\"orphans\":[{\"name\":\"x\"}]}");
        ObjectNode fields = (ObjectNode) JSON.readTree("{\"health\":\"Healthy\",\"message\":null,\"lastError\":null}");
        assertThat(StatusWrite.ops(current, fields).toString()).isEqualTo("[{\"op\":\"add\",\"path\":\"/status/health\","
                + "\"value\":\"Healthy\"},{\"op\":\"remove\",\"path\":\"/status/message\"}]");
    }

    @Test
    void anEmptyStringIsWrittenAsNoFieldBecauseTheApiServerRefusesIt() throws Exception {
        ObjectNode fields = (ObjectNode) JSON.readTree("{\"health\":\"Healthy\",\"message\":\"\"}");
        assertThat(StatusWrite.ops(null, fields).toString())
                .isEqualTo("[{\"op\":\"add\",\"path\":\"/status\",\"value\":{\"health\":\"Healthy\"}}]");
        var current = JSON.readTree("{\"message\":\"0/1 available\"}");
        assertThat(StatusWrite.ops(current, (ObjectNode) JSON.readTree("{\"message\":\"\"}")).toString())
                .isEqualTo("[{\"op\":\"remove\",\"path\":\"/status/message\"}]");
    }

    @Test
    void sameExceptIgnoresOnlyTheNamedField() {
        var a = new dev.arca.fleet.resources.WorkStatus();
        a.applied = true;
        a.health = "Healthy";
        a.lastSeen = "2026-12-06T08:00:00Z";
        var b = JSON.convertValue(a, dev.arca.fleet.resources.WorkStatus.class);
        b.lastSeen = "2026-12-06T08:05:00Z";
        assertThat(StatusWrite.sameExcept(a, b, "lastSeen")).isTrue();
        b.health = "Unhealthy";
        assertThat(StatusWrite.sameExcept(a, b, "lastSeen")).isFalse();
        assertThat(StatusWrite.sameExcept(null, b, "lastSeen")).as("no status yet is not the same as one").isFalse();
        b.health = "Healthy";
        b.message = "";
        assertThat(StatusWrite.sameExcept(a, b, "lastSeen")).as("an empty message is written as none: the same").isTrue();
        assertThat(StatusWrite.same(a, b)).as("but lastSeen counts for same()").isFalse();
    }
}
