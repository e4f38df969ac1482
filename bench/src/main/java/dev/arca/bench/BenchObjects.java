package dev.arca.bench;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The benchmark's objects, generated on demand from their index so that no list of them is ever
 * held: object {@code i} is a ConfigMap when {@code i} is even, else a Secret, in namespace
 * {@code <prefix>-<i mod M>}, carrying about 1 KB of data that depends only on {@code i}. The
 * same index gives the same name and data under any prefix, so the create floor posts exactly
 * what was loaded, into other namespaces.
 */
final class BenchObjects {
    static final String LABEL = "arca.dev/bench";
    static final String LABEL_VALUE = "resources";
    static final int PAYLOAD_BYTES = 1024;
    static final ResourceDefinitionContext CONFIG_MAPS = context("ConfigMap", "configmaps");
    static final ResourceDefinitionContext SECRETS = context("Secret", "secrets");
    private static final char[] TEXT = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 =-_.\n".toCharArray();

    private final int count;
    private final int namespaces;
    private final String nsFormat;

    BenchObjects(int count, int namespaces) {
        if (count < 1 || namespaces < 1) {
            throw new IllegalArgumentException("need at least one object and one namespace");
        }
        this.count = count;
        this.namespaces = namespaces;
        this.nsFormat = "%s-%0" + Math.max(3, Integer.toString(namespaces - 1).length()) + "d";
    }

    int count() {
        return count;
    }

    int configMaps() {
        return (count + 1) / 2;
    }

    int secrets() {
        return count / 2;
    }

    /** The namespaces under {@code prefix}, in index order. */
    List<String> namespaceNames(String prefix) {
        return IntStream.range(0, namespaces).mapToObj(n -> String.format(nsFormat, prefix, n)).toList();
    }

    String namespace(String prefix, int i) {
        return String.format(nsFormat, prefix, i % namespaces);
    }

    static boolean isConfigMap(int i) {
        return i % 2 == 0;
    }

    static ResourceDefinitionContext context(int i) {
        return isConfigMap(i) ? CONFIG_MAPS : SECRETS;
    }

    static String name(int i) {
        return String.format(isConfigMap(i) ? "cm-%07d" : "secret-%07d", i);
    }

    /** {@code namespace/name}, as a backup's resource list names it. */
    String entry(String prefix, int i) {
        return namespace(prefix, i) + "/" + name(i);
    }

    /** Object {@code i} in namespace {@code <prefix>-<i mod M>}, ready to POST. */
    GenericKubernetesResource item(String prefix, int i) {
        GenericKubernetesResource item = new GenericKubernetesResource();
        item.setApiVersion("v1");
        item.setMetadata(new ObjectMetaBuilder().withName(name(i)).withNamespace(namespace(prefix, i))
                .withLabels(Map.of(LABEL, LABEL_VALUE)).build());
        SplittableRandom random = new SplittableRandom(i);
        if (isConfigMap(i)) {
            item.setKind("ConfigMap");
            char[] text = new char[PAYLOAD_BYTES];
            for (int c = 0; c < text.length; c++) {
                text[c] = TEXT[random.nextInt(TEXT.length)];
            }
            item.setAdditionalProperty("data", Map.of("settings.conf", new String(text)));
        } else {
            item.setKind("Secret");
            byte[] raw = new byte[PAYLOAD_BYTES * 3 / 4]; // base64: 1 KB on the wire and in etcd
            random.nextBytes(raw);
            item.setAdditionalProperty("type", "Opaque");
            item.setAdditionalProperty("data", Map.of("token", Base64.getEncoder().encodeToString(raw)));
        }
        return item;
    }

    private static ResourceDefinitionContext context(String kind, String plural) {
        return new ResourceDefinitionContext.Builder().withGroup("").withVersion("v1").withKind(kind)
                .withPlural(plural).withNamespaced(true).build();
    }
}
