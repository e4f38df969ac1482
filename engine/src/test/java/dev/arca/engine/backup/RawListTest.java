package dev.arca.engine.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.engine.discovery.ResourceType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The raw LIST page reader: paths, queries, and items copied byte for byte minus managedFields. */
class RawListTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ResourceType DEPLOYMENTS = new ResourceType("apps", "v1", "Deployment", "deployments", true, List.of("list"));

    /** What the collector sees of one item during its callback. */
    record Seen(String namespace, String name, Map<String, String> labels, JsonNode json, String stored) {
    }

    private static String read(String body, List<Seen> into) throws IOException {
        return read(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), into);
    }

    private static String read(InputStream body, List<Seen> into) throws IOException {
        byte[] header = RawItem.typeHeader(JSON, DEPLOYMENTS.apiVersion(), DEPLOYMENTS.kind());
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        return RawList.readPage(body, JSON, item -> into.add(new Seen(item.namespace(), item.name(), item.labels(), item.json(),
                new String(item.stored(header, buffer), StandardCharsets.UTF_8))));
    }

    @Test
    void readsItemsAndTheContinueTokenWhateverTheirOrder() throws IOException {
        List<Seen> items = new ArrayList<>();
        String token = read("{\"items\":[{\"metadata\":{\"name\":\"a\",\"namespace\":\"shop\",\"labels\":{\"app\":\"web\"}},"
                + "\"data\":{\"k\":\"v\"}},{\"metadata\":{\"name\":\"b\"}}],"
                + "\"kind\":\"ConfigMapList\",\"metadata\":{\"resourceVersion\":\"7\",\"continue\":\"tok/=+\"},\"apiVersion\":\"v1\"}", items);
        assertThat(token).isEqualTo("tok/=+");
        assertThat(items).extracting(Seen::name).containsExactly("a", "b");
        assertThat(items.get(0).namespace()).isEqualTo("shop");
        assertThat(items.get(0).labels()).isEqualTo(Map.of("app", "web"));
        assertThat(items.get(1).labels()).isEmpty();
        assertThat(items.get(0).json().path("data").path("k").asText()).isEqualTo("v");
    }

    @Test
    void aLastPageHasNoTokenAndAnEmptyOrNullItemListGivesNoItems() throws IOException {
        List<Seen> items = new ArrayList<>();
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
        assertThatThrownBy(() -> read("{\"items\":[{\"metadata\":{\"name\":\"a\"}},\"x\"]}", new ArrayList<>()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void storedItemsGetApiVersionAndKindFirstAndLoseManagedFieldsWhereverTheyAre() throws IOException {
        List<Seen> items = new ArrayList<>();
        read("{\"items\":["
                + "{\"metadata\":{\"managedFields\":[{\"manager\":\"kubectl\"}],\"name\":\"first\"},\"spec\":{\"replicas\":2}},"
                + "{\"metadata\":{\"name\":\"middle\",\"managedFields\":[],\"uid\":\"u\"},\"kind\":\"Old\",\"spec\":{}},"
                + "{\"spec\":{\"s\":\"q\\\"\\u00e9\\n\"},\"apiVersion\":\"x/v0\",\"metadata\":{\"name\":\"last\",\"managedFields\":[{}]}},"
                + "{\"metadata\":{\"managedFields\":[]}},"
                + "{\"data\":1}]}", items);
        assertThat(items).extracting(Seen::stored).containsExactly(
                "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"first\"},\"spec\":{\"replicas\":2}}",
                "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"middle\",\"uid\":\"u\"},\"spec\":{}}",
                "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"last\"},\"spec\":{\"s\":\"q\\\"\\u00e9\\n\"}}",
                "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{}}",
                "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"data\":1}");
    }

    /** Many generated items, compact and pretty-printed: the copy always equals what a parse-and-rewrite gives. */
    @Test
    void theByteCopyMatchesTheTreeRewriteOnGeneratedItems() throws IOException {
        Random random = new Random(7);
        for (boolean pretty : new boolean[] {false, true}) {
            ObjectNode page = JSON.createObjectNode();
            page.put("kind", "DeploymentList");
            ArrayNode items = page.putArray("items");
            for (int i = 0; i < 300; i++) {
                items.add(generated(random, i));
            }
            page.putObject("metadata").put("continue", "");
            byte[] body = (pretty ? JSON.copy().enable(SerializationFeature.INDENT_OUTPUT) : JSON).writeValueAsBytes(page);
            List<Seen> seen = new ArrayList<>();
            read(new ByteArrayInputStream(body), seen);
            assertThat(seen).hasSize(300);
            for (int i = 0; i < 300; i++) {
                JsonNode expected = rewritten(DEPLOYMENTS, (ObjectNode) items.get(i));
                assertThat(JSON.readTree(seen.get(i).stored())).as("item %d, pretty=%s", i, pretty).isEqualTo(expected);
                assertThat(seen.get(i).json()).isEqualTo(items.get(i));
            }
        }
    }

    /** The oracle: the stored form made the slow way, by rewriting a parsed tree. */
    private static ObjectNode rewritten(ResourceType type, ObjectNode item) {
        ObjectNode out = JSON.createObjectNode();
        out.put("apiVersion", type.apiVersion());
        out.put("kind", type.kind());
        item.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("apiVersion") && !e.getKey().equals("kind")) {
                out.set(e.getKey(), e.getValue().deepCopy());
            }
        });
        if (out.path("metadata") instanceof ObjectNode m) {
            m.remove("managedFields");
        }
        return out;
    }

    private static ObjectNode generated(Random random, int i) {
        ObjectNode item = JSON.createObjectNode();
        List<Runnable> fields = new ArrayList<>();
        fields.add(() -> {
            ObjectNode metadata = item.putObject("metadata");
            List<Runnable> meta = new ArrayList<>(List.of(
                    () -> metadata.put("name", "item-" + i),
                    () -> metadata.put("namespace", "ns-" + (i % 3)),
                    () -> metadata.putObject("labels").put("n", String.valueOf(i)),
                    () -> metadata.putArray("managedFields").addObject().put("manager", "m\"" + i)));
            java.util.Collections.shuffle(meta, random);
            meta.subList(0, 1 + random.nextInt(meta.size())).forEach(Runnable::run);
        });
        fields.add(() -> item.putObject("spec").put("text", randomText(random)).put("n", random.nextLong()));
        fields.add(() -> item.put("kind", "Stale"));
        fields.add(() -> item.put("apiVersion", "old/v1"));
        fields.add(() -> item.putArray("list").add(1.5).add(true).addNull().add("x"));
        java.util.Collections.shuffle(fields, random);
        fields.subList(0, random.nextInt(fields.size() + 1)).forEach(Runnable::run);
        return item;
    }

    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(200); i > 0; i--) {
            text.append((char) (random.nextBoolean() ? 32 + random.nextInt(95) : random.nextInt(0x3000)));
        }
        return text.toString();
    }

    @Test
    void theWindowHoldsAboutOneItemWhateverThePageSize() throws IOException {
        StringBuilder body = new StringBuilder("{\"items\":[");
        String data = "x".repeat(1000);
        for (int i = 0; i < 5000; i++) {
            body.append(i == 0 ? "" : ",").append("{\"metadata\":{\"name\":\"i").append(i).append("\"},\"data\":\"").append(data).append("\"}");
        }
        body.append("]}");
        int maxHeld = 0;
        ByteWindow probe = new ByteWindow(new ByteArrayInputStream(body.toString().getBytes(StandardCharsets.UTF_8)));
        RawItem item = new RawItem(probe, JSON);
        try (var parser = JSON.getFactory().createParser(probe)) {
            parser.nextToken(); // {
            parser.nextToken(); // "items"
            parser.nextToken(); // [
            while (parser.nextToken() == com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                item.scan(parser);
                maxHeld = Math.max(maxHeld, probe.held());
            }
        }
        assertThat(body.length()).isGreaterThan(5_000_000);
        assertThat(maxHeld).isLessThan(64 * 1024);
    }

    @Test
    void pathsFollowTheApiLayoutForCoreAndNamedGroups() {
        ResourceType configMaps = new ResourceType("", "v1", "ConfigMap", "configmaps", true, List.of("list"));
        ResourceType crds = new ResourceType("apiextensions.k8s.io", "v1", "CustomResourceDefinition",
                "customresourcedefinitions", false, List.of("list"));
        assertThat(RawList.path(configMaps, null)).isEqualTo("/api/v1/configmaps");
        assertThat(RawList.path(configMaps, "shop")).isEqualTo("/api/v1/namespaces/shop/configmaps");
        assertThat(RawList.path(DEPLOYMENTS, "shop")).isEqualTo("/apis/apps/v1/namespaces/shop/deployments");
        assertThat(RawList.path(crds, null)).isEqualTo("/apis/apiextensions.k8s.io/v1/customresourcedefinitions");
    }

    @Test
    void queryEncodesTheTokenAndTheSelector() {
        assertThat(RawList.query(500, null, null)).isEqualTo("?limit=500");
        assertThat(RawList.query(10, "a/b=+c", "app in (web,db),tier!=x"))
                .isEqualTo("?limit=10&continue=a%2Fb%3D%2Bc&labelSelector=app+in+%28web%2Cdb%29%2Ctier%21%3Dx");
    }

    @org.junit.jupiter.api.Test
    void itemsAreSkippedInEtcdsByteOrderNotJavasUtf16Order() {
        String privateUse = "ns/\uE000";   // U+E000: before an emoji in UTF-16, after it in UTF-8
        String emoji = "ns/\uD83D\uDE00"; // U+1F600
        org.assertj.core.api.Assertions.assertThat(privateUse.compareTo(emoji)).as("Java's order").isPositive();
        org.assertj.core.api.Assertions.assertThat(RawList.etcdOrder(privateUse, emoji)).as("etcd's order").isNegative();
        org.assertj.core.api.Assertions.assertThat(RawList.etcdOrder("ns/a", "ns/a")).isZero();
    }
}
