package dev.arca.engine.restore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.api.ExistingResourcePolicy;
import dev.arca.archive.ItemKey;
import dev.arca.engine.ScriptedApi;
import dev.arca.engine.ScriptedApi.Answer;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;

/** The create of a restored item when the API server fails it transiently. */
class RestoreApplierRetryTest {
    private static final String ROLES = "/apis/rbac.authorization.k8s.io/v1/clusterroles";
    private static final ItemKey KEY = new ItemKey("clusterroles.rbac.authorization.k8s.io", null, "reader");
    private static final String LIVE = "{\"apiVersion\":\"rbac.authorization.k8s.io/v1\",\"kind\":\"ClusterRole\","
            + "\"metadata\":{\"name\":\"reader\",\"uid\":\"u-1\",\"resourceVersion\":\"7\"},\"rules\":[]}";

    private static ObjectNode desired() throws Exception {
        return (ObjectNode) new ObjectMapper().readTree("{\"apiVersion\":\"rbac.authorization.k8s.io/v1\",\"kind\":\"ClusterRole\","
                + "\"metadata\":{\"name\":\"reader\"},\"rules\":[]}");
    }

    @Test
    void aCreateRefusedWithA503OrA429IsRetriedAndCreates() throws Exception {
        try (ScriptedApi api = new ScriptedApi().on("POST", ROLES, Answer.status(503, "the server is shutting down"),
                Answer.status(429, "too many requests"), new Answer(201, LIVE));
             KubernetesClient client = api.client()) {
            RestoreApplier.Applied applied = new RestoreApplier(client, ExistingResourcePolicy.none, false).apply(KEY, desired());

            assertThat(applied.outcome()).isEqualTo(ItemOutcome.created);
            assertThat(applied.uid()).isEqualTo("u-1");
            assertThat(api.requests).containsExactly("POST " + ROLES, "POST " + ROLES, "POST " + ROLES);
        }
    }

    @Test
    void aCreateThatLandedButWhoseAnswerWasLostIsHandledAsAnExistingItem() throws Exception {
        try (ScriptedApi api = new ScriptedApi().on("POST", ROLES, Answer.status(504, "timeout"), Answer.status(409, "already exists"))
                .on("GET", ROLES + "/reader", new Answer(200, LIVE))
                .on("PATCH", ROLES + "/reader", new Answer(200, LIVE));
             KubernetesClient client = api.client()) {
            RestoreApplier.Applied applied = new RestoreApplier(client, ExistingResourcePolicy.none, false).apply(KEY, desired());

            assertThat(applied.outcome()).isEqualTo(ItemOutcome.existsIdentical);
            assertThat(api.requests).startsWith("POST " + ROLES, "POST " + ROLES);
        }
    }

    @Test
    void aCreateTheServerRejectsIsNotRetried() throws Exception {
        try (ScriptedApi api = new ScriptedApi().on("POST", ROLES, Answer.status(422, "rules: Invalid value"));
             KubernetesClient client = api.client()) {
            RestoreApplier.Applied applied = new RestoreApplier(client, ExistingResourcePolicy.none, false).apply(KEY, desired());

            assertThat(applied.outcome()).isEqualTo(ItemOutcome.failed);
            assertThat(applied.message()).contains("HTTP 422");
            assertThat(api.requests).containsExactly("POST " + ROLES);
        }
    }
}
