package dev.arca.engine.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import dev.arca.api.VolumePolicy;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which claims a backup takes the data of: annotations, the default, and volume policies. */
class VolumeSelectionTest {

    static JsonNode pod(String name, Map<String, String> annotations, Map<String, String> volumeToClaim) {
        GenericKubernetesResource pod = new GenericKubernetesResource();
        pod.setMetadata(new ObjectMetaBuilder().withNamespace("shop").withName(name).withUid("uid-" + name)
                .withAnnotations(annotations).build());
        List<Object> volumes = new java.util.ArrayList<>();
        volumeToClaim.forEach((v, c) -> volumes.add(Map.of("name", v, "persistentVolumeClaim", Map.of("claimName", c))));
        volumes.add(Map.of("name", "scratch", "emptyDir", Map.of()));
        pod.setAdditionalProperty("spec", Map.of("volumes", volumes));
        return new ObjectMapper().valueToTree(pod);
    }

    @Test
    void onlyAnnotatedVolumesAreWantedUnlessEveryVolumeIsTakenByDefault() {
        PodVolumes optIn = new PodVolumes(false);
        optIn.observe(pod("web-0", Map.of(PodVolumes.VOLUMES, "data, logs"), Map.of("data", "data-web-0", "cache", "cache-web-0")));
        optIn.observe(pod("web-1", Map.of(), Map.of("data", "data-web-0")));
        assertThat(optIn.claims()).extracting(PodVolumes.Claim::key, PodVolumes.Claim::wanted)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("shop/cache-web-0", false),
                        org.assertj.core.groups.Tuple.tuple("shop/data-web-0", true));
        assertThat(optIn.claims().get(1).uses()).extracting(PodVolumes.PodVolume::pod).containsExactly("web-0", "web-1");

        PodVolumes optOut = new PodVolumes(true);
        optOut.observe(pod("web-0", Map.of(PodVolumes.EXCLUDES, "cache"), Map.of("data", "data-web-0", "cache", "cache-web-0")));
        assertThat(optOut.claims()).extracting(PodVolumes.Claim::key, PodVolumes.Claim::wanted)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("shop/cache-web-0", false),
                        org.assertj.core.groups.Tuple.tuple("shop/data-web-0", true));
    }

    @Test
    void theFirstMatchingPolicyRuleDecidesByStorageClassAndCapacity() {
        VolumePolicy policy = new VolumePolicy(List.of(
                new VolumePolicy.Rule(List.of("scratch-ssd"), null, VolumePolicy.Action.skip),
                new VolumePolicy.Rule(List.of(), "100Gi,", VolumePolicy.Action.skip),
                new VolumePolicy.Rule(List.of("standard"), "0,10Gi", VolumePolicy.Action.fsBackup)));

        assertThat(VolumePolicies.decide(policy, "scratch-ssd", Quantity.parse("1Gi"))).contains(VolumePolicy.Action.skip);
        assertThat(VolumePolicies.decide(policy, "standard", Quantity.parse("200Gi"))).contains(VolumePolicy.Action.skip);
        assertThat(VolumePolicies.decide(policy, "standard", Quantity.parse("5Gi"))).contains(VolumePolicy.Action.fsBackup);
        assertThat(VolumePolicies.decide(policy, "standard", Quantity.parse("50Gi"))).isEmpty();
        assertThat(VolumePolicies.decide(policy, "standard", null)).isEmpty();
        assertThat(VolumePolicies.decide(null, "standard", Quantity.parse("5Gi"))).isEmpty();
    }

    @Test
    void badPolicyCapacitiesAreInvalidInputNamingTheValue() {
        assertThatThrownBy(() -> new VolumePolicy.Rule(List.of(), "10Gi", VolumePolicy.Action.skip))
                .isInstanceOf(ArcaException.InvalidInput.class).hasMessageContaining("\"10Gi\" is not \"min,max\"");
        VolumePolicy policy = new VolumePolicy(List.of(new VolumePolicy.Rule(List.of(), "ten,", VolumePolicy.Action.skip)));
        assertThatThrownBy(() -> VolumePolicies.decide(policy, null, Quantity.parse("1Gi")))
                .isInstanceOf(ArcaException.InvalidInput.class).hasMessageContaining("\"ten\" is not a quantity");
    }
}
