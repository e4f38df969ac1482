package dev.arca.engine.transform;

import static dev.arca.engine.transform.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.api.RestoreTransforms;
import dev.arca.archive.ItemKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransformsTest {
    private static final String MODIFIERS = """
            version: v1
            resourceModifierRules:
            - conditions: {groupResource: persistentvolumeclaims}
              patches:
              - {operation: test, path: /spec/storageClassName, value: fast}
              - {operation: add, path: /metadata/labels, value: '{"moved":"yes"}'}
            - conditions: {groupResource: secrets}
              patches: [{operation: remove, path: /data}]
            """;

    private static Transforms transforms() {
        return Transforms.of(new RestoreTransforms(MODIFIERS, "file m.yaml", Map.of("standard", "fast"),
                List.of("registry:replace:registry.qa.local")));
    }

    @Test
    void mappersRunBeforeModifiersSoRulesSeeMappedValues() {
        Transforms t = transforms();
        ObjectNode pvc = obj("{'metadata':{'name':'data'},'spec':{'storageClassName':'standard'}}");
        t.apply(new ItemKey("persistentvolumeclaims", "shop", "data"), "shop", pvc);
        assertThat(pvc).isEqualTo(obj("{'metadata':{'name':'data','labels':{'moved':'yes'}},'spec':{'storageClassName':'fast'}}"));
    }

    @Test
    void imagesOfEveryPodTemplateKindAndContainerListAreMapped() {
        Transforms t = transforms();
        ObjectNode cron = obj("{'spec':{'jobTemplate':{'spec':{'template':{'spec':{'initContainers':[{'name':'i','image':'a/i:1'}],"
                + "'containers':[{'name':'c','image':'b:2'}],'ephemeralContainers':[{'name':'e','image':'h.io/e'}]}}}}}}");
        t.apply(new ItemKey("cronjobs.batch", "shop", "nightly"), "shop", cron);
        assertThat(cron.findValuesAsText("image")).containsExactly("registry.qa.local/a/i:1", "registry.qa.local/b:2",
                "registry.qa.local/e");
        ObjectNode pod = obj("{'spec':{'containers':[{'name':'c','image':'x:1'}]}}");
        t.apply(new ItemKey("pods", "shop", "p"), "shop", pod);
        assertThat(pod.at("/spec/containers/0/image").asText()).isEqualTo("registry.qa.local/x:1");
    }

    @Test
    void statefulSetClaimTemplatesAndPersistentVolumesGetTheMappedClass() {
        Transforms t = transforms();
        ObjectNode sts = obj("{'spec':{'volumeClaimTemplates':[{'spec':{'storageClassName':'standard'}},{'spec':{'storageClassName':'x'}}]}}");
        t.apply(new ItemKey("statefulsets.apps", "shop", "db"), "shop", sts);
        assertThat(sts.findValuesAsText("storageClassName")).containsExactly("fast", "x");
        ObjectNode pv = obj("{'metadata':{'annotations':{'volume.beta.kubernetes.io/storage-class':'standard'}},"
                + "'spec':{'storageClassName':'standard'}}");
        t.apply(ItemKey.cluster("persistentvolumes", "pv1"), null, pv);
        assertThat(pv.findValuesAsText("storageClassName")).containsExactly("fast");
        assertThat(pv.at("/metadata/annotations/volume.beta.kubernetes.io~1storage-class").asText()).isEqualTo("fast");
    }

    @Test
    void countsMatchedAndChangedAndWarnsAboutRulesThatMatchedNothing() {
        Transforms t = transforms();
        t.apply(new ItemKey("persistentvolumeclaims", "shop", "a"), "shop", obj("{'metadata':{},'spec':{'storageClassName':'standard'}}"));
        t.apply(new ItemKey("persistentvolumeclaims", "shop", "b"), "shop", obj("{'metadata':{},'spec':{'storageClassName':'slow'}}"));
        assertThat(t.report()).containsExactly(
                new TransformReport("storage-class map standard=fast", 1, 1),
                new TransformReport("image map registry:replace:registry.qa.local", 0, 0),
                new TransformReport("resource modifier rule 1 (persistentvolumeclaims)", 2, 1),
                new TransformReport("resource modifier rule 2 (secrets)", 0, 0));
        assertThat(t.unmatched()).extracting(p -> p.message()).containsExactly(
                "image map registry:replace:registry.qa.local matched no item; check its conditions",
                "resource modifier rule 2 (secrets) matched no item; check its conditions");
    }
}
