package dev.arca.engine.blueprint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A pod's workload key is the same before a backup and after a restore, and a blueprint runs once per workload. */
class WorkloadsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aDeploymentsPodIsNamedForTheDeploymentAndABarePodForItself() throws Exception {
        assertThat(Workloads.of(pod("db-7f9c-abcde", "ReplicaSet", "db-7f9c", "7f9c", true))).isEqualTo("Deployment/db");
        assertThat(Workloads.of(pod("db-0", "StatefulSet", "db", null, true))).isEqualTo("StatefulSet/db");
        assertThat(Workloads.of(pod("lonely", null, null, null, true))).isEqualTo("Pod/lonely");
    }

    @Test
    void aBlueprintRunsOnceInTheFirstReadyPodOfEachWorkload() throws Exception {
        BlueprintPods pods = new BlueprintPods();
        pods.observe(pod("db-0", "StatefulSet", "db", null, false));
        pods.observe(pod("db-2", "StatefulSet", "db", null, true));
        pods.observe(pod("db-1", "StatefulSet", "db", null, true));
        pods.observe(pod("other", null, null, null, false));
        List<BlueprintPods.Workload> workloads = pods.workloads();
        assertThat(workloads).extracting(BlueprintPods.Workload::workload).containsExactly("Pod/other", "StatefulSet/db");
        assertThat(workloads.get(1).chosen().pod()).isEqualTo("db-1");
        assertThat(workloads.get(0).chosen()).as("no Ready pod: none is chosen").isNull();
    }

    private static JsonNode pod(String name, String ownerKind, String owner, String hash, boolean ready) throws Exception {
        String owners = ownerKind == null ? "[]"
                : "[{\"kind\":\"" + ownerKind + "\",\"name\":\"" + owner + "\",\"controller\":true}]";
        String labels = hash == null ? "{}" : "{\"pod-template-hash\":\"" + hash + "\"}";
        return JSON.readTree("{\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"shop\",\"ownerReferences\":" + owners
                + ",\"labels\":" + labels + ",\"annotations\":{\"blueprint.arca.dev/name\":\"postgresql\"}},"
                + "\"spec\":{\"containers\":[{\"name\":\"pg\"}]},"
                + "\"status\":{\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"" + (ready ? "True" : "False")
                + "\"}]}}");
    }
}
