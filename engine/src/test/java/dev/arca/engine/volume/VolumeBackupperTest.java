package dev.arca.engine.volume;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.api.ArcaException;
import dev.arca.api.Problem;
import dev.arca.engine.KubeRetry;
import dev.arca.engine.ProgressListener;
import dev.arca.engine.RunLog;
import dev.arca.engine.ScriptedApi;
import dev.arca.engine.ScriptedApi.Answer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reads of claims and volumes during a volume backup, against an API server that fails. */
class VolumeBackupperTest {
    private static final String CLAIMS = "/api/v1/namespaces/shop/persistentvolumeclaims/";
    private static final String UNBOUND = "{\"apiVersion\":\"v1\",\"kind\":\"PersistentVolumeClaim\","
            + "\"metadata\":{\"name\":\"b\",\"namespace\":\"shop\"},\"spec\":{}}";

    private static PodVolumes.Claim claim(String name) {
        return new PodVolumes.Claim("shop", name, List.of(new PodVolumes.PodVolume("shop", "web", "uid", "data", name, true)));
    }

    @Test
    void aClaimTheApiServerWillNotReturnIsThatClaimsErrorAndATransientFailureIsRetried() {
        List<Duration> waits = new ArrayList<>();
        List<String> logged = new ArrayList<>();
        List<Problem> errors = new ArrayList<>();
        try (ScriptedApi api = new ScriptedApi()
                .on("GET", CLAIMS + "a", Answer.status(503, "etcd is unavailable"))
                .on("GET", CLAIMS + "b", Answer.status(502, "bad gateway"), new Answer(200, UNBOUND));
             KubernetesClient client = api.client()) {
            KubeRetry retry = new KubeRetry(KubeRetry.MAX_ATTEMPTS, KubeRetry.BUDGET, waits::add, Clock.systemUTC(), logged::add);
            VolumeBackupper backupper = new VolumeBackupper(client, () -> {
                throw new ArcaException("the repository must not be reached");
            }, List.of(), retry, new RunLog(line -> { }, org.slf4j.LoggerFactory.getLogger("t"), Clock.systemUTC()),
                    ProgressListener.NONE);

            List<VolumeBackup> results = backupper.backUp("nightly", null, List.of(claim("a"), claim("b")), errors::add);

            assertThat(results).extracting(VolumeBackup::claim, VolumeBackup::status).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("a", VolumeBackup.Status.Failed),
                    org.assertj.core.groups.Tuple.tuple("b", VolumeBackup.Status.Skipped));
            assertThat(results.get(0).reason()).contains("could not be read from the API server", "HTTP 503", "etcd is unavailable");
            assertThat(results.get(1).reason()).contains("not bound");
            assertThat(errors).singleElement().satisfies(p -> {
                assertThat(p.name()).isEqualTo("a");
                assertThat(p.message()).contains("HTTP 503");
            });
            assertThat(api.requests).filteredOn(r -> r.endsWith("/a")).hasSize(KubeRetry.MAX_ATTEMPTS);
            assertThat(api.requests).filteredOn(r -> r.endsWith("/b")).hasSize(2);
            assertThat(logged).anySatisfy(l -> assertThat(l).contains("get persistentvolumeclaim shop/b", "attempt 1 of 6", "HTTP 502"));
        }
    }
}
