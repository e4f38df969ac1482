package dev.arca.server.install;

import dev.arca.server.resources.BackupLocation;
import dev.arca.server.resources.BackupLocationResourceSpec;
import dev.arca.server.resources.Crds;
import dev.arca.server.resources.SecretKeyRef;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The objects of an install, in apply order: Namespace, the CRDs, ServiceAccount, RBAC
 * ({@link ServerRbac}), Deployment and Service ({@link ServerWorkload}), then, with a location,
 * its Secret and BackupLocation. Pure: the same options give equal objects, and nothing is read or
 * written here.
 */
public final class InstallManifests {
    public static final String SERVICE_ACCOUNT = "arca-server";
    /** The Secret keys a location's values go under. */
    public static final String PASSPHRASE_KEY = "passphrase";
    public static final String CREDENTIAL_KEY = "credential";

    private InstallManifests() {
    }

    /** Every object, in apply order. */
    public static List<HasMetadata> objects(InstallOptions options) {
        List<HasMetadata> objects = new ArrayList<>();
        objects.add(namespace(options.namespace()));
        objects.addAll(Crds.load());
        objects.addAll(server(options));
        options.location().ifPresent(location -> objects.addAll(location(location, options.namespace())));
        return objects;
    }

    /**
     * What the Helm chart's templates render: everything but the Namespace (Helm's
     * {@code --create-namespace} makes it), the CRDs (in the chart's {@code crds/}) and the location.
     */
    public static List<HasMetadata> server(InstallOptions options) {
        List<HasMetadata> objects = new ArrayList<>();
        objects.add(serviceAccount(options.namespace()));
        objects.addAll(ServerRbac.objects(options.namespace()));
        objects.add(ServerWorkload.deployment(options));
        objects.add(ServerWorkload.service(options));
        return objects;
    }

    /** The labels on every object an install makes but the CRDs (which stay as generated). */
    public static Map<String, String> labels() {
        Map<String, String> labels = new TreeMap<>(selector());
        labels.put("app.kubernetes.io/part-of", "arca");
        return labels;
    }

    /** The labels the Deployment's pods are selected by. */
    static Map<String, String> selector() {
        Map<String, String> labels = new TreeMap<>();
        labels.put("app.kubernetes.io/name", "arca");
        labels.put("app.kubernetes.io/component", "server");
        return labels;
    }

    private static Namespace namespace(String name) {
        return new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels()).endMetadata().build();
    }

    private static ServiceAccount serviceAccount(String namespace) {
        return new ServiceAccountBuilder().withNewMetadata().withName(SERVICE_ACCOUNT).withNamespace(namespace)
                .withLabels(labels()).endMetadata().build();
    }

    /** The Secret (only when there is a value to hold) and the BackupLocation referring to it. */
    static List<HasMetadata> location(InstallLocation location, String namespace) {
        BackupLocationResourceSpec spec = Serialization.clone(location.spec());
        Map<String, String> data = new TreeMap<>();
        if (location.passphrase() != null) {
            data.put(PASSPHRASE_KEY, base64(location.passphrase()));
            spec.setEncryptionPassphrase(SecretKeyRef.of(location.secretName(), PASSPHRASE_KEY));
        }
        if (location.credential() != null) {
            data.put(CREDENTIAL_KEY, base64(location.credential()));
            spec.setCredential(SecretKeyRef.of(location.secretName(), CREDENTIAL_KEY));
        }
        List<HasMetadata> objects = new ArrayList<>();
        if (!data.isEmpty()) {
            Secret secret = new SecretBuilder().withNewMetadata().withName(location.secretName()).withNamespace(namespace)
                    .withLabels(labels()).endMetadata().withType("Opaque").withData(data).build();
            objects.add(secret);
        }
        BackupLocation resource = new BackupLocation();
        resource.setMetadata(new ObjectMetaBuilder().withName(location.name()).withNamespace(namespace).withLabels(labels())
                .build());
        resource.setSpec(spec);
        objects.add(resource);
        return objects;
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
