package dev.arca.engine.restore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ReadinessTest {
    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text.replace('\'', '"'));
    }

    @Test
    void aDeploymentIsReadyWhenEveryReplicaOfItsCurrentGenerationIsAvailable() throws Exception {
        JsonNode ready = json("{'metadata':{'generation':2},'spec':{'replicas':2},"
                + "'status':{'observedGeneration':2,'updatedReplicas':2,'availableReplicas':2}}");
        JsonNode oldGeneration = json("{'metadata':{'generation':3},'spec':{'replicas':2},"
                + "'status':{'observedGeneration':2,'updatedReplicas':2,'availableReplicas':2}}");

        assertThat(Readiness.of("deployments.apps", ready)).as("ready, so nothing to report")
                .extracting(Readiness.State::ready, Readiness.State::hopeless, Readiness.State::why).containsExactly(true, false, null);
        assertThat(Readiness.of("deployments.apps", oldGeneration).why()).contains("has not yet seen its current generation");
    }

    @Test
    void aDeploymentThatIsNotAvailableSaysHowManyReplicasAreAndItsConditions() throws Exception {
        JsonNode live = json("{'metadata':{'generation':1},'spec':{'replicas':1},'status':{'observedGeneration':1,"
                + "'conditions':[{'type':'Available','status':'False','reason':'MinimumReplicasUnavailable',"
                + "'message':'Deployment does not have minimum availability.'}]}}");

        Readiness.State state = Readiness.of("deployments.apps", live);

        assertThat(state.ready()).isFalse();
        assertThat(state.hopeless()).isFalse();
        assertThat(state.why()).isEqualTo("0 of 1 replicas available; conditions: Available=False "
                + "(MinimumReplicasUnavailable: Deployment does not have minimum availability.)");
    }

    @Test
    void aJobIsReadyWhenCompleteAndWillNeverBeWhenFailed() throws Exception {
        JsonNode complete = json("{'status':{'succeeded':1,'conditions':[{'type':'Complete','status':'True'}]}}");
        JsonNode failed = json("{'status':{'failed':6,'conditions':[{'type':'Failed','status':'True','reason':'BackoffLimitExceeded',"
                + "'message':'Job has reached the specified backoff limit'}]}}");
        JsonNode running = json("{'status':{'active':1}}");

        assertThat(Readiness.of("jobs.batch", complete).ready()).isTrue();
        assertThat(Readiness.of("jobs.batch", failed).hopeless()).isTrue();
        assertThat(Readiness.of("jobs.batch", failed).why()).contains("BackoffLimitExceeded");
        assertThat(Readiness.of("jobs.batch", running).why()).isEqualTo("not complete (0 succeeded, 1 active, 0 failed); no conditions reported");
    }

    @Test
    void aClaimIsReadyWhenBoundAndAStatefulSetOrDaemonSetWhenItsPodsAreReady() throws Exception {
        assertThat(Readiness.of("persistentvolumeclaims", json("{'status':{'phase':'Bound'}}")).ready()).isTrue();
        assertThat(Readiness.of("persistentvolumeclaims", json("{'status':{'phase':'Pending'}}")).why())
                .isEqualTo("not Bound (phase Pending); no conditions reported");
        assertThat(Readiness.of("statefulsets.apps", json("{'spec':{'replicas':3},'status':{'readyReplicas':2}}")).why())
                .startsWith("2 of 3 replicas ready");
        assertThat(Readiness.of("daemonsets.apps", json("{'status':{'desiredNumberScheduled':1,'numberAvailable':1}}")).ready()).isTrue();
    }
}
