package dev.arca.fleet.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.fleet.resources.Work;
import dev.arca.fleet.resources.WorkSpec;
import dev.arca.fleet.resources.WorkStatus;
import io.fabric8.kubernetes.api.model.AnyType;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a sync does when the member's copy is gone: a claim is reported lost, anything else is put back. */
class WorkApplierTest {
    private static final Instant NOW = Instant.parse("2026-12-06T08:00:00Z");

    /** A member that holds {@code live} (or nothing) and refuses every write: a write attempt is an exception. */
    private static MemberView member(GenericKubernetesResource live) {
        return new MemberView() {
            @Override
            public KubernetesClient client() {
                throw new IllegalStateException("apply attempted");
            }

            @Override
            public GenericKubernetesResource live(GenericKubernetesResource desired) {
                return live;
            }

            @Override
            public GenericKubernetesResource fresh(GenericKubernetesResource desired) {
                return live;
            }
        };
    }

    @Test
    void aClaimDeletedOnTheMemberIsReportedLostAndNotPutBackEmpty() {
        Work claim = work("PersistentVolumeClaim", 1L);
        WorkStatus lost = WorkApplier.sync(member(null), claim, applied(1L), NOW);

        assertThat(lost.lost).isTrue();
        assertThat(lost.applied).isFalse();
        assertThat(lost.health).isEqualTo("Unhealthy");
        assertThat(lost.message).contains("does not put back an empty claim").contains("restore it");
        assertThat(lost.appliedGeneration).isEqualTo(1L);
        assertThat(WorkApplier.sync(member(null), claim, lost, NOW).lost).as("and stays lost at the next pass").isTrue();
    }

    @Test
    void aLostClaimThatIsBackIsTheCopyAgainAndANewVersionIsAppliedAsUsual() {
        Work claim = work("PersistentVolumeClaim", 1L);
        WorkStatus lost = WorkApplier.sync(member(null), claim, applied(1L), NOW);

        WorkStatus back = WorkApplier.sync(member(live("PersistentVolumeClaim")), claim, lost, NOW);
        assertThat(back.applied).isTrue();
        assertThat(back.lost).isNull();
        Work newVersion = work("PersistentVolumeClaim", 2L);
        newVersion.getSpec().templateHash = "h2";
        assertThatThrownBy(() -> WorkApplier.sync(member(null), newVersion, lost, NOW))
                .as("a new version of the hub object is applied").hasMessage("apply attempted");
    }

    @Test
    void aLostClaimIsNotMadeAgainForAChangeOfItsWorkThatIsNotANewVersion() {
        WorkStatus lost = WorkApplier.sync(member(null), work("PersistentVolumeClaim", 1L), applied(1L), NOW);
        Work regenerated = work("PersistentVolumeClaim", 2L); // e.g. the policy's deletion timeout changed
        assertThat(WorkApplier.willApply(regenerated, lost)).isFalse();
        assertThat(WorkApplier.sync(member(null), regenerated, lost, NOW).lost).isTrue();
        regenerated.getSpec().templateHash = "h2";
        assertThat(WorkApplier.willApply(regenerated, lost)).as("a new version of the hub object").isTrue();
    }

    @Test
    void aWatchCacheBehindTheLastApplyIsNotTrustedForTheCopysState() {
        WorkStatus after = applied(1L);
        after.generation = 8L; // what the apply returned
        MemberView lagging = new MemberView() {
            @Override
            public KubernetesClient client() {
                throw new IllegalStateException("apply attempted");
            }

            @Override
            public GenericKubernetesResource live(GenericKubernetesResource desired) {
                return liveAt("Deployment", 7L);
            }

            @Override
            public GenericKubernetesResource fresh(GenericKubernetesResource desired) {
                return liveAt("Deployment", 8L);
            }
        };
        assertThat(WorkApplier.sync(lagging, work("Deployment", 1L), after, NOW).generation).isEqualTo(8L);
    }

    @Test
    void anyOtherCopyDeletedOnTheMemberIsPutBack() {
        assertThatThrownBy(() -> WorkApplier.sync(member(null), work("ConfigMap", 1L), applied(1L), NOW))
                .hasMessage("apply attempted");
    }

    private static WorkStatus applied(Long generation) {
        WorkStatus s = new WorkStatus();
        s.applied = true;
        s.appliedGeneration = generation;
        s.templateHash = "h1";
        s.health = "Healthy";
        return s;
    }

    private static Work work(String kind, Long generation) {
        Work w = new Work();
        w.getMetadata().setGeneration(generation);
        w.setSpec(new WorkSpec());
        w.getSpec().templateHash = "h1";
        w.getSpec().manifest = new AnyType(Map.of("apiVersion", "v1", "kind", kind,
                "metadata", Map.of("namespace", "shop", "name", "data")));
        return w;
    }

    private static GenericKubernetesResource live(String kind) {
        return liveAt(kind, 1L);
    }

    private static GenericKubernetesResource liveAt(String kind, long generation) {
        return Serialization.jsonMapper().convertValue(Map.of("apiVersion", "v1", "kind", kind,
                "metadata", Map.of("namespace", "shop", "name", "data", "generation", generation)), GenericKubernetesResource.class);
    }
}
