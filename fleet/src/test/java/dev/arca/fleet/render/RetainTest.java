package dev.arca.fleet.render;

import static dev.arca.fleet.render.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.api.ArcaException;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetainTest {
    private static final ObjectNode DESIRED = json("""
            {"metadata": {"name": "web", "annotations": {"hub": "1", "owner.example.com/by": "hub"}},
             "spec": {"replicas": 3, "paused": false}}
            """);

    @Test
    void theMembersLiveValueWinsAtEveryRetainedPointer() {
        ObjectNode live = json("""
                {"metadata": {"name": "web", "annotations": {"owner.example.com/by": "member", "hpa": "x"}},
                 "spec": {"replicas": 7, "paused": false}, "status": {}}
                """);
        ObjectNode out = Retain.merge(DESIRED, live, List.of("/spec/replicas", "/metadata/annotations/owner.example.com~1by"));
        assertThat(out.at("/spec/replicas").asInt()).isEqualTo(7);
        assertThat(out.at("/metadata/annotations")).isEqualTo(json("{\"hub\": \"1\", \"owner.example.com/by\": \"member\"}"));
        assertThat(DESIRED.at("/spec/replicas").asInt()).isEqualTo(3);
    }

    @Test
    void aRetainedFieldTheMemberDoesNotHaveIsNotSentEither() {
        ObjectNode live = json("{\"metadata\": {\"name\": \"web\"}, \"spec\": {}}");
        ObjectNode out = Retain.merge(DESIRED, live, List.of("/spec/replicas", "/metadata/annotations/hub"));
        assertThat(out.path("spec").has("replicas")).isFalse();
        assertThat(out.at("/metadata/annotations").has("hub")).isFalse();
        assertThat(out.at("/spec/paused").isBoolean()).isTrue();
    }

    @Test
    void onCreationThereIsNothingLiveAndTheDesiredCopyGoesAsItIs() {
        assertThat(Retain.merge(DESIRED, null, List.of("/spec/replicas"))).isEqualTo(DESIRED);
    }

    @Test
    void aLiveValueUnderAParentTheHubDoesNotWriteIsCopiedWithItsParents() {
        ObjectNode live = json("{\"spec\": {\"strategy\": {\"rollingUpdate\": {\"maxSurge\": 2}}}}");
        ObjectNode out = Retain.merge(DESIRED, live, List.of("/spec/strategy/rollingUpdate/maxSurge"));
        assertThat(out.at("/spec/strategy/rollingUpdate/maxSurge").asInt()).isEqualTo(2);
    }

    @Test
    void aGlobRetainsEveryMatchingKey() {
        ObjectNode live = json("{\"metadata\": {\"annotations\": {\"owner.example.com/by\": \"member\", \"hub\": \"member\"}}}");
        ObjectNode out = Retain.merge(DESIRED, live, List.of("/metadata/annotations/*"));
        assertThat(out.at("/metadata/annotations")).isEqualTo(json("{\"owner.example.com/by\": \"member\", \"hub\": \"member\"}"));
    }

    @Test
    void aPointerThatIsNotOneIsInvalidInput() {
        assertThatThrownBy(() -> Retain.merge(DESIRED, json("{}"), List.of("spec/replicas")))
                .isInstanceOf(ArcaException.InvalidInput.class).hasMessageContaining("spec/replicas");
    }
}
