package dev.arca.fleet.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.fleet.resources.BindingStatus;
import dev.arca.fleet.resources.PolicySpec;
import dev.arca.fleet.resources.Rollout;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

class BindingTemplatesTest {

    private static PolicySpec withSteps() {
        PolicySpec spec = new PolicySpec();
        spec.rollout = new Rollout();
        spec.rollout.steps.add(new Rollout.Mask());
        return spec;
    }

    private static ObjectNode object(String kind) {
        ObjectNode o = Serialization.jsonMapper().createObjectNode();
        o.put("apiVersion", "v1").put("kind", kind).putObject("metadata").put("name", "db").put("namespace", "shop");
        o.putObject("data").put("password", "c2VjcmV0");
        return o;
    }

    @Test
    void aSecretsDataIsNeverKeptInTheBindingStatus() {
        BindingStatus.RolloutStatus cur = new BindingStatus.RolloutStatus();
        cur.templateHash = "old";
        cur.state = "Complete";
        BindingStatus.RolloutStatus next = new BindingStatus.RolloutStatus();
        BindingReconciler.keepTemplates(withSteps(), cur, next, "new", object("Secret"));
        assertThat(next.template).isNull();
        assertThat(Serialization.asJson(next)).doesNotContain("c2VjcmV0");
    }

    @Test
    void anotherObjectIsKeptForARollback() {
        BindingStatus.RolloutStatus next = new BindingStatus.RolloutStatus();
        BindingReconciler.keepTemplates(withSteps(), null, next, "new", object("ConfigMap"));
        assertThat(next.template).isNotNull();
    }

    @Test
    void withoutARecordedRolloutTheVersionMembersHoldIsThePreviousOneNotNothing() {
        java.util.Map<String, dev.arca.fleet.resources.Work> works = new java.util.HashMap<>();
        for (String[] kv : new String[][] {{"team/eu", "v1"}, {"team/us", "v1"}, {"team/edge", "v2"}}) {
            dev.arca.fleet.resources.Work w = new dev.arca.fleet.resources.Work();
            w.setSpec(new dev.arca.fleet.resources.WorkSpec());
            w.getSpec().templateHash = kv[1];
            works.put(kv[0], w);
        }
        org.assertj.core.api.Assertions.assertThat(BindingReconciler.heldVersion(works, "v2")).isEqualTo("v1");
        org.assertj.core.api.Assertions.assertThat(BindingReconciler.heldVersion(works, "v1")).isEqualTo("v2");
        org.assertj.core.api.Assertions.assertThat(BindingReconciler.heldVersion(java.util.Map.of(), "v1")).isNull();
    }
}
