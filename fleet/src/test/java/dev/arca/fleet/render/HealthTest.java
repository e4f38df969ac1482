package dev.arca.fleet.render;

import static dev.arca.fleet.render.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HealthTest {

    private static HealthState deployment(String status) {
        return Health.of(json("{\"apiVersion\": \"apps/v1\", \"kind\": \"Deployment\", \"metadata\": {\"name\": \"d\", \"generation\": 2},"
                + " \"spec\": {\"replicas\": 3}, \"status\": " + status + "}"));
    }

    @Test
    void aDeploymentIsHealthyWhenEveryReplicaIsUpdatedAndAvailableAtTheObservedGeneration() {
        assertThat(deployment("{\"observedGeneration\": 2, \"replicas\": 3, \"updatedReplicas\": 3, \"readyReplicas\": 3,"
                + " \"availableReplicas\": 3}")).isEqualTo(new HealthState("Healthy", ""));
        assertThat(deployment("{\"observedGeneration\": 2, \"replicas\": 3, \"updatedReplicas\": 3, \"readyReplicas\": 1,"
                + " \"availableReplicas\": 1}")).isEqualTo(new HealthState("Progressing", "1/3 available"));
        assertThat(deployment("{\"observedGeneration\": 1, \"replicas\": 3, \"updatedReplicas\": 3, \"readyReplicas\": 3,"
                + " \"availableReplicas\": 3}").health()).isEqualTo("Progressing");
        assertThat(deployment("{\"observedGeneration\": 2, \"replicas\": 4, \"updatedReplicas\": 3, \"readyReplicas\": 3,"
                + " \"availableReplicas\": 3}")).isEqualTo(new HealthState("Progressing", "1 old replicas pending termination"));
    }

    @Test
    void aDeploymentPastItsProgressDeadlineIsUnhealthy() {
        HealthState h = deployment("{\"observedGeneration\": 2, \"replicas\": 3, \"updatedReplicas\": 3, \"availableReplicas\": 0,"
                + " \"conditions\": [{\"type\": \"Progressing\", \"status\": \"False\", \"reason\": \"ProgressDeadlineExceeded\","
                + " \"message\": \"ReplicaSet d-1 has timed out progressing.\"}]}");
        assertThat(h).isEqualTo(new HealthState("Unhealthy", "progress deadline exceeded: ReplicaSet d-1 has timed out progressing."));
    }

    @Test
    void aStatefulSetNeedsEveryReplicaReadyAndItsCurrentRevisionUpdated() {
        String head = "{\"apiVersion\": \"apps/v1\", \"kind\": \"StatefulSet\", \"metadata\": {\"generation\": 1}, \"spec\": {\"replicas\": 2},"
                + " \"status\": {\"observedGeneration\": 1, ";
        assertThat(Health.of(json(head + "\"readyReplicas\": 2, \"currentRevision\": \"r1\", \"updateRevision\": \"r1\"}}")).health())
                .isEqualTo("Healthy");
        assertThat(Health.of(json(head + "\"readyReplicas\": 1, \"currentRevision\": \"r1\", \"updateRevision\": \"r1\"}}")))
                .isEqualTo(new HealthState("Progressing", "1/2 ready"));
        assertThat(Health.of(json(head + "\"readyReplicas\": 2, \"updatedReplicas\": 1, \"currentRevision\": \"r1\","
                + " \"updateRevision\": \"r2\"}}")).health()).isEqualTo("Progressing");
    }

    @Test
    void aDaemonSetAndAReplicaSetCountTheirAvailablePods() {
        String ds = "{\"apiVersion\": \"apps/v1\", \"kind\": \"DaemonSet\", \"metadata\": {\"generation\": 1}, \"status\": "
                + "{\"observedGeneration\": 1, \"desiredNumberScheduled\": 3, \"updatedNumberScheduled\": 3, \"numberAvailable\": ";
        assertThat(Health.of(json(ds + "3}}")).health()).isEqualTo("Healthy");
        assertThat(Health.of(json(ds + "2}}"))).isEqualTo(new HealthState("Progressing", "2/3 available"));
        String rs = "{\"apiVersion\": \"apps/v1\", \"kind\": \"ReplicaSet\", \"spec\": {\"replicas\": 2}, \"status\": {\"availableReplicas\": ";
        assertThat(Health.of(json(rs + "2}}")).health()).isEqualTo("Healthy");
        assertThat(Health.of(json(rs + "0}}")).health()).isEqualTo("Progressing");
    }

    @Test
    void aPodIsHealthyWhenReadyAndUnhealthyWhenAContainerCannotStart() {
        String pod = "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"status\": ";
        assertThat(Health.of(json(pod + "{\"phase\": \"Running\", \"conditions\": [{\"type\": \"Ready\", \"status\": \"True\"}]}}"))
                .health()).isEqualTo("Healthy");
        assertThat(Health.of(json(pod + "{\"phase\": \"Pending\", \"conditions\": [{\"type\": \"Ready\", \"status\": \"False\"}]}}")))
                .isEqualTo(new HealthState("Progressing", "phase Pending, not ready"));
        assertThat(Health.of(json(pod + "{\"phase\": \"Pending\", \"containerStatuses\": [{\"name\": \"ok\", \"state\": {\"running\": {}}},"
                + " {\"name\": \"app\", \"state\": {\"waiting\": {\"reason\": \"ImagePullBackOff\","
                + " \"message\": \"Back-off pulling image \\\"nope:1\\\"\"}}}]}}")))
                .isEqualTo(new HealthState("Unhealthy", "container app: ImagePullBackOff (Back-off pulling image \"nope:1\")"));
        assertThat(Health.of(json(pod + "{\"phase\": \"Pending\", \"initContainerStatuses\": [{\"name\": \"init\","
                + " \"state\": {\"waiting\": {\"reason\": \"CrashLoopBackOff\"}}}]}}")))
                .isEqualTo(new HealthState("Unhealthy", "container init: CrashLoopBackOff"));
        assertThat(Health.of(json(pod + "{\"phase\": \"Failed\", \"reason\": \"Evicted\"}}")))
                .isEqualTo(new HealthState("Unhealthy", "pod failed: Evicted"));
        assertThat(Health.of(json(pod + "{\"phase\": \"Failed\"}}"))).isEqualTo(new HealthState("Unhealthy", "pod failed"));
    }

    @Test
    void aJobIsHealthyWhenCompleteAndUnhealthyWhenFailed() {
        String job = "{\"apiVersion\": \"batch/v1\", \"kind\": \"Job\", \"status\": ";
        assertThat(Health.of(json(job + "{\"conditions\": [{\"type\": \"Complete\", \"status\": \"True\"}]}}")).health()).isEqualTo("Healthy");
        assertThat(Health.of(json(job + "{\"conditions\": [{\"type\": \"Failed\", \"status\": \"True\", \"reason\": \"BackoffLimitExceeded\","
                + " \"message\": \"Job has reached the specified backoff limit\"}]}}")))
                .isEqualTo(new HealthState("Unhealthy", "job failed: BackoffLimitExceeded Job has reached the specified backoff limit"));
        assertThat(Health.of(json(job + "{\"active\": 1}}"))).isEqualTo(new HealthState("Progressing", "1 active, 0 succeeded"));
    }

    @Test
    void aClaimMustBeBoundAndALoadBalancerNeedsAnAddress() {
        assertThat(Health.of(json("{\"apiVersion\": \"v1\", \"kind\": \"PersistentVolumeClaim\", \"status\": {\"phase\": \"Bound\"}}"))
                .health()).isEqualTo("Healthy");
        assertThat(Health.of(json("{\"apiVersion\": \"v1\", \"kind\": \"PersistentVolumeClaim\", \"status\": {\"phase\": \"Pending\"}}"))
                .health()).isEqualTo("Progressing");
        String lb = "{\"apiVersion\": \"v1\", \"kind\": \"Service\", \"spec\": {\"type\": \"LoadBalancer\"}, \"status\": ";
        assertThat(Health.of(json(lb + "{\"loadBalancer\": {}}}")).health()).isEqualTo("Progressing");
        assertThat(Health.of(json(lb + "{\"loadBalancer\": {\"ingress\": [{\"ip\": \"1.2.3.4\"}]}}}")).health()).isEqualTo("Healthy");
        assertThat(Health.of(json("{\"apiVersion\": \"v1\", \"kind\": \"Service\", \"spec\": {\"type\": \"ClusterIP\"}}")).health())
                .isEqualTo("Healthy");
    }

    @Test
    void anythingElseIsHealthyOnceItExistsAndUnknownWhenItDoesNot() {
        assertThat(Health.of(json("{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\"}")).health()).isEqualTo("Healthy");
        assertThat(Health.of(null).health()).isEqualTo("Unknown");
        assertThat(Health.of(json("{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"deletionTimestamp\": \"t\"}}"))
                .health()).isEqualTo("Progressing");
    }
}
