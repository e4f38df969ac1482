package dev.arca.engine.mobility;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class PodImagesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void findsInitRegularAndEphemeralContainersOfACronJobsJobTemplate() throws Exception {
        var cronJob = JSON.readTree("""
                {"kind": "CronJob", "spec": {"jobTemplate": {"spec": {"template": {"spec": {
                  "initContainers": [{"name": "migrate", "image": "registry.example/migrate:1"}],
                  "containers": [{"name": "run", "image": "registry.example/run:2"}],
                  "ephemeralContainers": [{"name": "debug", "image": "busybox"}]}}}}}}""");

        assertThat(PodImages.of("cronjobs.batch", cronJob)).containsExactly(
                new PodImages.Use("initContainers/migrate", "registry.example/migrate:1"),
                new PodImages.Use("containers/run", "registry.example/run:2"),
                new PodImages.Use("ephemeralContainers/debug", "busybox"));
    }

    @Test
    void readsAPodsOwnSpecAndAWorkloadsTemplate() throws Exception {
        var pod = JSON.readTree("{\"spec\": {\"containers\": [{\"name\": \"a\", \"image\": \"nginx:1.25\"}]}}");
        var deployment = JSON.readTree("{\"spec\": {\"template\": {\"spec\": {\"containers\": [{\"name\": \"b\", \"image\": \"redis:7\"}]}}}}");

        assertThat(PodImages.of("pods", pod)).extracting(PodImages.Use::image).containsExactly("nginx:1.25");
        assertThat(PodImages.of("deployments.apps", deployment)).extracting(PodImages.Use::image).containsExactly("redis:7");
        assertThat(PodImages.of("configmaps", pod)).isEmpty();
        assertThat(PodImages.holdsPods("statefulsets.apps")).isTrue();
        assertThat(PodImages.holdsPods("configmaps")).isFalse();
    }
}
