package dev.arca.engine.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.engine.discovery.ResourceType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The raw LIST page reader: paths, queries, and reading items one by one in any field order. */
class RawListTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String read(String body, List<ObjectNode> into) throws IOException {
        return RawList.readPage(JSON.getFactory().createParser(body), JSON, into::add);
    }

    @Test
    void readsItemsAndTheContinueTokenWhateverTheirOrder() throws IOException {
        List<ObjectNode> items = new ArrayList<>();
        String token = read("{\"items\":[{\"metadata\":{\"name\":\"a\"},\"data\":{\"k\":\"v\"}},{\"metadata\":{\"name\":\"b\"}}],"
                + "\"kind\":\"ConfigMapList\",\"metadata\":{\"resourceVersion\":\"7\",\"continue\":\"tok/=+\"},\"apiVersion\":\"v1\"}", items);
        assertThat(token).isEqualTo("tok/=+");
        assertThat(items).extracting(i -> i.path("metadata").path("name").asText()).containsExactly("a", "b");
        assertThat(items.get(0).path("data").path("k").asText()).isEqualTo("v");
    }

    @Test
    void aLastPageHasNoTokenAndAnEmptyOrNullItemListGivesNoItems() throws IOException {
        List<ObjectNode> items = new ArrayList<>();
        assertThat(read("{\"kind\":\"List\",\"metadata\":{\"continue\":\"\"},\"items\":[]}", items)).isNull();
        assertThat(read("{\"metadata\":{},\"items\":null}", items)).isNull();
        assertThat(items).isEmpty();
    }

    @Test
    void aTruncatedOrNonObjectAnswerIsAnError() {
        assertThatThrownBy(() -> read("[1,2]", new ArrayList<>())).isInstanceOf(IOException.class)
                .hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> read("{\"items\":[{\"metadata\":{\"name\":\"a\"}},{\"meta", new ArrayList<>()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void pathsFollowTheApiLayoutForCoreAndNamedGroups() {
        ResourceType configMaps = new ResourceType("", "v1", "ConfigMap", "configmaps", true, List.of("list"));
        ResourceType deployments = new ResourceType("apps", "v1", "Deployment", "deployments", true, List.of("list"));
        ResourceType crds = new ResourceType("apiextensions.k8s.io", "v1", "CustomResourceDefinition",
                "customresourcedefinitions", false, List.of("list"));
        assertThat(RawList.path(configMaps, null)).isEqualTo("/api/v1/configmaps");
        assertThat(RawList.path(configMaps, "shop")).isEqualTo("/api/v1/namespaces/shop/configmaps");
        assertThat(RawList.path(deployments, "shop")).isEqualTo("/apis/apps/v1/namespaces/shop/deployments");
        assertThat(RawList.path(crds, null)).isEqualTo("/apis/apiextensions.k8s.io/v1/customresourcedefinitions");
    }

    @Test
    void queryEncodesTheTokenAndTheSelector() {
        assertThat(RawList.query(500, null, null)).isEqualTo("?limit=500");
        assertThat(RawList.query(10, "a/b=+c", "app in (web,db),tier!=x"))
                .isEqualTo("?limit=10&continue=a%2Fb%3D%2Bc&labelSelector=app+in+%28web%2Cdb%29%2Ctier%21%3Dx");
    }

    @Test
    void storedItemsGetApiVersionAndKindFirstAndLoseManagedFieldsOnly() throws IOException {
        ResourceType deployments = new ResourceType("apps", "v1", "Deployment", "deployments", true, List.of("list"));
        ObjectNode item = (ObjectNode) JSON.readTree("{\"metadata\":{\"name\":\"a\",\"namespace\":\"n\","
                + "\"managedFields\":[{\"manager\":\"kubectl\"}],\"labels\":{\"x\":\"1\"}},\"kind\":\"Old\",\"spec\":{\"replicas\":2}}");
        ObjectNode stored = Collector.stored(deployments, item);
        assertThat(JSON.writeValueAsString(stored)).isEqualTo("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\","
                + "\"metadata\":{\"name\":\"a\",\"namespace\":\"n\",\"labels\":{\"x\":\"1\"}},\"spec\":{\"replicas\":2}}");
    }
}
