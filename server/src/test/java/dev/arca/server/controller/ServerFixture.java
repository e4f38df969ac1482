package dev.arca.server.controller;

import static org.awaitility.Awaitility.await;

import dev.arca.server.resources.Backup;
import dev.arca.server.resources.BackupLocation;
import dev.arca.server.resources.BackupLocationResourceSpec;
import dev.arca.server.resources.BackupPhase;
import dev.arca.server.resources.BackupResourceSpec;
import dev.arca.server.resources.Crds;
import dev.arca.server.resources.LocationProvider;
import dev.arca.testkit.time.MovableClock;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

/** A server in the test JVM on the real control plane, its namespace, and helpers to make and await resources. */
final class ServerFixture implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(90);
    final KubernetesClient client;
    final String namespace;
    final MovableClock clock = new MovableClock(Instant.now());
    final ArcaServer server;

    ServerFixture(KubernetesClient client, String namespace, Path stateDir, UnaryOperator<ArcaServer.Options> options) {
        this.client = client;
        this.namespace = namespace;
        Crds.apply(client, "arca-test", Duration.ofSeconds(60));
        this.server = ArcaServer.start(client, options.apply(ArcaServer.Options.defaults(namespace, "test-server", stateDir)
                .withClock(clock, Duration.ofSeconds(1)).withoutLeaderElection()));
        await().atMost(WAIT).until(server::ready);
    }

    BackupLocation filesystemLocation(String name, Path dir, boolean isDefault) {
        BackupLocationResourceSpec spec = new BackupLocationResourceSpec();
        spec.setProvider(LocationProvider.filesystem);
        spec.setPath(dir.toString());
        spec.setDefaultLocation(isDefault ? Boolean.TRUE : null);
        spec.setValidationFrequency("1s");
        return create(location(name, spec));
    }

    BackupLocation location(String name, BackupLocationResourceSpec spec) {
        BackupLocation location = new BackupLocation();
        location.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        location.setSpec(spec);
        return location;
    }

    <T extends io.fabric8.kubernetes.api.model.HasMetadata> T create(T resource) {
        return client.resource(resource).inNamespace(namespace).create();
    }

    Backup backup(String name, String location, String... namespaces) {
        BackupResourceSpec spec = new BackupResourceSpec();
        spec.setIncludedNamespaces(List.of(namespaces));
        spec.setStorageLocation(location);
        Backup backup = new Backup();
        backup.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        backup.setSpec(spec);
        return create(backup);
    }

    Backup get(String backup) {
        return client.resources(Backup.class).inNamespace(namespace).withName(backup).get();
    }

    Backup awaitPhase(String backup, BackupPhase... phases) {
        List<BackupPhase> wanted = List.of(phases);
        await().atMost(WAIT).until(() -> {
            Backup b = get(backup);
            return b != null && b.getStatus() != null && wanted.contains(b.getStatus().getPhase());
        });
        return get(backup);
    }

    /** The reasons of the Events about {@code name}, oldest first. */
    List<String> eventReasons(String name) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName()))
                .sorted(java.util.Comparator.comparing(Event::getLastTimestamp).thenComparing(e -> e.getMetadata().getName()))
                .map(Event::getReason).toList();
    }

    List<Event> events(String name) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName())).toList();
    }

    @Override
    public void close() {
        server.close();
    }
}
