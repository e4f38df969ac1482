package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.engine.blueprint.BlueprintArtifact;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code arca backup describe} shows each blueprint artefact: workload, blueprint, action, snapshot, bytes, exit code. */
class DescriberBlueprintsTest {
    @Test
    void eachArtefactIsShownWithItsSnapshotOrWhyItFailed() {
        StringWriter text = new StringWriter();
        Describer.blueprints(new PrintWriter(text, true), List.of(
                new BlueprintArtifact("shop", "StatefulSet/db", "db-0", "postgres", "postgresql", "backup", Map.of(),
                        BlueprintArtifact.Status.BackedUp, "3f0c5d2a9b8e7f6a5b4c3d2e1f0a9b8c", 1_500_000L, 0, null, null),
                new BlueprintArtifact("shop", "Deployment/cache", "cache-1", "redis", "redis", "backup", Map.of(),
                        BlueprintArtifact.Status.Failed, null, null, 2, "blueprint data not backed up: exited with code 2", null)));
        assertThat(text.toString()).contains(
                "Blueprints:     1 backed up of 2 workloads",
                "shop/StatefulSet/db: postgresql backup BackedUp (pod db-0, container postgres, exit code 0)",
                "snapshot: 3f0c5d2a9b8e7f6a5b4c3d2e1f0a9b8c, 1.4 MiB",
                "shop/Deployment/cache: redis backup Failed (pod cache-1, container redis, exit code 2)",
                "blueprint data not backed up: exited with code 2");
    }
}
