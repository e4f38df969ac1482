package dev.arca.engine.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import dev.arca.api.RestoreTransforms;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransformSourcesTest {
    private static ConfigMap cm(String label, Map<String, String> data) {
        ConfigMapBuilder b = new ConfigMapBuilder().withNewMetadata().withName("m").withNamespace("arca").endMetadata().withData(data);
        if (label != null) {
            b.editMetadata().addToLabels(label, "RestoreItemAction").endMetadata();
        }
        return b.build();
    }

    @Test
    void readsVelerosStorageClassAndImageNameConfigMaps() {
        assertThat(TransformSources.mappings(cm("velero.io/change-storage-class", Map.of("standard", "fast"))).storageClassMap())
                .containsExactly(Map.entry("standard", "fast"));
        assertThat(TransformSources.mappings(cm("velero.io/change-image-name", Map.of("case1", "1.1.1.1:5000, 2.2.2.2:3000")))
                .imageMap()).containsExactly("1.1.1.1:5000=2.2.2.2:3000");
    }

    @Test
    void refusesAConfigMapWithoutVelerosLabelOrWithABadEntry() {
        assertThatThrownBy(() -> TransformSources.mappings(cm(null, Map.of("a", "b")))).isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("ConfigMap arca/m has neither label");
        assertThatThrownBy(() -> TransformSources.mappings(cm("velero.io/change-image-name", Map.of("case1", "only-one"))))
                .hasMessageContaining("ConfigMap arca/m key case1: \"only-one\" is not old,new");
    }

    @Test
    void aModifierConfigMapHoldsExactlyOneKeyAndNamesItAsTheSource() {
        RestoreTransforms t = TransformSources.modifiers(cm(null, Map.of("rules.yaml", "version: v1")));
        assertThat(t.resourceModifiersSource()).isEqualTo("ConfigMap arca/m key rules.yaml");
        assertThatThrownBy(() -> TransformSources.modifiers(cm(null, Map.of("a", "x", "b", "y")))).hasMessageContaining("has 2 data keys");
    }

    @Test
    void mergeKeepsOneModifierSourceAndLetsTheLaterStorageClassWin() {
        RestoreTransforms a = new RestoreTransforms(null, null, Map.of("standard", "slow"), List.of("a=b"));
        RestoreTransforms b = new RestoreTransforms("version: v1", "file f", Map.of("standard", "fast"), List.of("c=d"));
        RestoreTransforms m = TransformSources.merge(a, b);
        assertThat(m.storageClassMap()).containsExactly(Map.entry("standard", "fast"));
        assertThat(m.imageMap()).containsExactly("a=b", "c=d");
        assertThat(m.resourceModifiersSource()).isEqualTo("file f");
        assertThatThrownBy(() -> TransformSources.merge(b, b)).hasMessageContaining("come from both file f and file f");
    }
}
