package dev.arca.engine.restore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.api.ExistingResourcePolicy;
import dev.arca.api.RestoreSpec;
import dev.arca.archive.ItemKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ItemTransformerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static RestoreSpec spec(Map<String, String> mapping, boolean status, boolean nodePorts) {
        return new RestoreSpec("b", null, null, null, null, null, null, mapping, status, nodePorts, ExistingResourcePolicy.none, null);
    }

    private static ItemTransformer transformer(RestoreSpec spec) {
        return new ItemTransformer(spec, RestorePlanner.plan(Map.of("services", List.of("shop/web"))));
    }

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void clusterBookkeepingAndStatusAreRemoved() throws Exception {
        ObjectNode cm = json("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c','namespace':'shop','uid':'u1',"
                + "'resourceVersion':'7','creationTimestamp':'2020-01-01T00:00:00Z','managedFields':[],'generation':2,"
                + "'selfLink':'/x','labels':{'a':'b'}},'data':{'k':'v'},'status':{'x':1}}");
        ObjectNode out = transformer(spec(null, false, false)).transform(new ItemKey("configmaps", "shop", "c"), cm, u -> null).item();
        assertThat(out.path("metadata").fieldNames()).toIterable().containsExactlyInAnyOrder("name", "namespace", "labels");
        assertThat(out.has("status")).isFalse();
        assertThat(out.path("data").path("k").asText()).isEqualTo("v");
    }

    @Test
    void aRelocatedVolumeGetsItsOwnNameAndDirectoryAndItsClaimFollows() throws Exception {
        ItemTransformer t = new ItemTransformer(spec(Map.of("shop", "copy"), false, false),
                RestorePlanner.plan(Map.of()), Map.of("pv-1", "copy"));
        ObjectNode pv = json("{'kind':'PersistentVolume','metadata':{'name':'pv-1'},'spec':{'hostPath':{'path':'/srv/data'},"
                + "'claimRef':{'namespace':'shop','name':'data','uid':'u'}}}");
        ObjectNode outPv = t.transform(ItemKey.cluster("persistentvolumes", "pv-1"), pv, u -> null).item();
        assertThat(outPv.path("metadata").path("name").asText()).isEqualTo("pv-1-copy");
        assertThat(outPv.path("spec").path("hostPath").path("path").asText()).isEqualTo("/srv/data-copy");
        assertThat(outPv.path("spec").path("claimRef").path("namespace").asText()).isEqualTo("copy");
        ObjectNode pvc = json("{'kind':'PersistentVolumeClaim','metadata':{'name':'data','namespace':'shop'},'spec':{'volumeName':'pv-1'}}");
        ObjectNode outPvc = t.transform(ItemKey.namespaced("persistentvolumeclaims", "shop", "data"), pvc, u -> null).item();
        assertThat(outPvc.path("spec").path("volumeName").asText()).isEqualTo("pv-1-copy");
        ObjectNode other = json("{'kind':'PersistentVolume','metadata':{'name':'pv-2'},'spec':{'hostPath':{'path':'/srv/other'}}}");
        assertThat(t.transform(ItemKey.cluster("persistentvolumes", "pv-2"), other, u -> null).item().path("metadata").path("name").asText())
                .as("a PV without volume data keeps its name").isEqualTo("pv-2");
    }

    @Test
    void statusIsKeptWhenAsked() throws Exception {
        ObjectNode cm = json("{'kind':'Foo','metadata':{'name':'c','namespace':'shop'},'status':{'x':1}}");
        ObjectNode out = transformer(spec(null, true, false)).transform(new ItemKey("foos.example.com", "shop", "c"), cm, u -> null).item();
        assertThat(out.path("status").path("x").asInt()).isEqualTo(1);
    }

    @Test
    void serviceLosesClusterIpAndNodePortsUnlessHeadlessOrPreserved() throws Exception {
        String svc = "{'kind':'Service','metadata':{'name':'s','namespace':'shop'},'spec':{'type':'NodePort',"
                + "'clusterIP':'10.96.0.5','clusterIPs':['10.96.0.5'],'ports':[{'port':80,'nodePort':30080}]}}";
        ObjectNode plain = transformer(spec(null, false, false)).transform(new ItemKey("services", "shop", "s"), json(svc), u -> null).item();
        assertThat(plain.path("spec").has("clusterIP")).isFalse();
        assertThat(plain.path("spec").has("clusterIPs")).isFalse();
        assertThat(plain.path("spec").path("ports").get(0).has("nodePort")).isFalse();
        ObjectNode kept = transformer(spec(null, false, true)).transform(new ItemKey("services", "shop", "s"), json(svc), u -> null).item();
        assertThat(kept.path("spec").path("ports").get(0).path("nodePort").asInt()).isEqualTo(30080);
        ObjectNode headless = transformer(spec(null, false, false)).transform(new ItemKey("services", "shop", "h"),
                json("{'kind':'Service','metadata':{'name':'h','namespace':'shop'},'spec':{'clusterIP':'None'}}"), u -> null).item();
        assertThat(headless.path("spec").path("clusterIP").asText()).isEqualTo("None");
    }

    @Test
    void controllerOwnedItemsEndpointsOfServicesAndTokensAreSkipped() throws Exception {
        ItemTransformer t = transformer(spec(null, false, false));
        ItemTransformer.Decision pod = t.transform(new ItemKey("pods", "shop", "web-1"), json("{'kind':'Pod','metadata':{'name':'web-1',"
                + "'namespace':'shop','ownerReferences':[{'kind':'ReplicaSet','name':'web-1a','uid':'r','controller':true}]}}"), u -> null);
        assertThat(pod.item()).isNull();
        assertThat(pod.skipped()).contains("ReplicaSet web-1a");
        assertThat(t.transform(new ItemKey("endpoints", "shop", "web"), json("{'kind':'Endpoints','metadata':{'name':'web','namespace':'shop'}}"),
                u -> null).skipped()).contains("Service");
        assertThat(t.transform(new ItemKey("endpoints", "shop", "manual"), json("{'kind':'Endpoints','metadata':{'name':'manual','namespace':'shop'}}"),
                u -> null).item()).isNotNull();
        assertThat(t.transform(new ItemKey("secrets", "shop", "default-token-x"), json("{'kind':'Secret','type':'kubernetes.io/service-account-token',"
                + "'metadata':{'name':'default-token-x','namespace':'shop'}}"), u -> null).item()).isNull();
    }

    @Test
    void namespaceMappingMovesItemsNamespacesBindingSubjectsAndClaimRefs() throws Exception {
        ItemTransformer t = transformer(spec(Map.of("shop", "shop-copy"), false, false));
        assertThat(t.transform(new ItemKey("configmaps", "shop", "c"), json("{'kind':'ConfigMap','metadata':{'name':'c','namespace':'shop'}}"),
                u -> null).item().path("metadata").path("namespace").asText()).isEqualTo("shop-copy");
        assertThat(t.transform(new ItemKey("namespaces", null, "shop"), json("{'kind':'Namespace','metadata':{'name':'shop'}}"),
                u -> null).item().path("metadata").path("name").asText()).isEqualTo("shop-copy");
        ObjectNode rb = t.transform(new ItemKey("rolebindings.rbac.authorization.k8s.io", "shop", "rb"), json("{'kind':'RoleBinding',"
                + "'metadata':{'name':'rb','namespace':'shop'},'subjects':[{'kind':'ServiceAccount','name':'app','namespace':'shop'},"
                + "{'kind':'ServiceAccount','name':'x','namespace':'other'}]}"), u -> null).item();
        assertThat(rb.path("subjects").get(0).path("namespace").asText()).isEqualTo("shop-copy");
        assertThat(rb.path("subjects").get(1).path("namespace").asText()).isEqualTo("other");
        ObjectNode pv = t.transform(new ItemKey("persistentvolumes", null, "pv1"), json("{'kind':'PersistentVolume','metadata':{'name':'pv1'},"
                + "'spec':{'claimRef':{'namespace':'shop','name':'data','uid':'old','resourceVersion':'3'}}}"), u -> null).item();
        assertThat(pv.path("spec").path("claimRef").path("namespace").asText()).isEqualTo("shop-copy");
        assertThat(pv.path("spec").path("claimRef").has("uid")).isFalse();
    }

    @Test
    void ownerReferencesFollowRestoredOwnersAndAreDroppedOtherwise() throws Exception {
        ItemTransformer t = transformer(spec(null, false, false));
        ObjectNode cm = json("{'kind':'ConfigMap','metadata':{'name':'c','namespace':'shop','ownerReferences':["
                + "{'kind':'Foo','name':'f','uid':'old-f'},{'kind':'Bar','name':'b','uid':'old-b'}]}}");
        ObjectNode out = t.transform(new ItemKey("configmaps", "shop", "c"), cm, u -> u.equals("old-f") ? "new-f" : null).item();
        assertThat(out.path("metadata").path("ownerReferences")).hasSize(1);
        assertThat(out.path("metadata").path("ownerReferences").get(0).path("uid").asText()).isEqualTo("new-f");
    }

    @Test
    void restoreFiltersLeaveItemsOutWithoutCountingThemAsSkipped() throws Exception {
        RestoreSpec only = new RestoreSpec("b", List.of("web"), null, List.of("ConfigMap"), null, null, "app=shop", null,
                false, false, null, null);
        ItemTransformer t = new ItemTransformer(only, RestorePlanner.plan(Map.of()));
        assertThat(t.transform(new ItemKey("configmaps", "shop", "c"), json("{'kind':'ConfigMap','metadata':{'name':'c','namespace':'shop'}}"),
                u -> null).filtered()).isTrue();
        assertThat(t.transform(new ItemKey("secrets", "web", "s"), json("{'kind':'Secret','metadata':{'name':'s','namespace':'web'}}"),
                u -> null).filtered()).isTrue();
        assertThat(t.transform(new ItemKey("configmaps", "web", "c"), json("{'kind':'ConfigMap','metadata':{'name':'c','namespace':'web',"
                + "'labels':{'app':'shop'}}}"), u -> null).item()).isNotNull();
        assertThat(t.transform(new ItemKey("configmaps", "web", "d"), json("{'kind':'ConfigMap','metadata':{'name':'d','namespace':'web'}}"),
                u -> null).filtered()).isTrue();
    }

    @Test
    void jobsLoseTheirGeneratedSelectorAndPodsTheirNodeAndTokenMounts() throws Exception {
        ItemTransformer t = transformer(spec(null, false, false));
        ObjectNode job = t.transform(new ItemKey("jobs.batch", "shop", "j"), json("{'kind':'Job','metadata':{'name':'j','namespace':'shop'},"
                + "'spec':{'selector':{'matchLabels':{'controller-uid':'x'}},'template':{'metadata':{'labels':{'controller-uid':'x','job-name':'j'}}}}}"),
                u -> null).item();
        assertThat(job.path("spec").has("selector")).isFalse();
        assertThat(job.path("spec").path("template").path("metadata").path("labels").fieldNames()).toIterable().containsExactly("job-name");
        ObjectNode pod = t.transform(new ItemKey("pods", "shop", "p"), json("{'kind':'Pod','metadata':{'name':'p','namespace':'shop'},"
                + "'spec':{'nodeName':'n1','serviceAccountName':'app','volumes':[{'name':'tok','secret':{'secretName':'app-token-abc'}},"
                + "{'name':'data','emptyDir':{}}],'containers':[{'name':'c','volumeMounts':[{'name':'tok'},{'name':'data'}]}]}}"), u -> null).item();
        assertThat(pod.path("spec").has("nodeName")).isFalse();
        assertThat(pod.path("spec").path("volumes")).hasSize(1);
        assertThat(pod.path("spec").path("containers").get(0).path("volumeMounts")).hasSize(1);
    }
}
