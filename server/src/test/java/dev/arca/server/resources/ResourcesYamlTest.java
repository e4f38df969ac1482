package dev.arca.server.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.arca.api.BackupLocationSpec.AccessMode;
import dev.arca.api.ExistingResourcePolicy;
import dev.arca.api.VolumePolicy;
import dev.arca.server.schedule.ConcurrencyPolicy;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Each kind reads from the YAML a user writes into typed fields and writes back the same YAML. */
class ResourcesYamlTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static final String BACKUP = """
            apiVersion: arca.dev/v1alpha1
            kind: Backup
            metadata: {name: nightly-20261205020000, namespace: arca}
            spec:
              includedNamespaces: [shop]
              excludedResources: [events]
              includeClusterResources: false
              labelSelector: app=shop
              storageLocation: default
              ttl: 720h
              defaultVolumesToFsBackup: true
              volumePolicy:
                rules:
                - {storageClasses: [scratch], capacity: "0,10Gi", action: skip}
              schedule: nightly
            status:
              phase: PartiallyFailed
              startTimestamp: "2026-12-05T02:00:00Z"
              completionTimestamp: "2026-12-05T02:03:10Z"
              expiration: "2027-01-04T02:00:00Z"
              progress: {itemsBackedUp: 410, totalItems: 412}
              errors: 2
              warnings: 1
              volumes: {total: 3, completed: 3, failed: 0, bytes: 1048576}
              conditions:
              - {type: Completed, status: "True", reason: ItemsFailed, message: 2 items failed, lastTransitionTime: "2026-12-05T02:03:10Z"}
              observedGeneration: 1
            """;

    static final String RESTORE = """
            apiVersion: arca.dev/v1alpha1
            kind: Restore
            metadata: {name: shop-back, namespace: arca}
            spec:
              backupName: nightly-20261205020000
              includedNamespaces: [shop]
              namespaceMapping: {shop: shop-copy}
              existingResourcePolicy: update
              restoreVolumes: true
              volumeRoots: [/var/lib/kubelet/pods]
            status:
              phase: Cancelled
              progress: {itemsRestored: 5, totalItems: 40}
              failureReason: cancelled by arca restore cancel; nothing more was applied
            """;

    static final String SCHEDULE = """
            apiVersion: arca.dev/v1alpha1
            kind: Schedule
            metadata: {name: nightly, namespace: arca}
            spec:
              schedule: 0 2 * * *
              timeZone: Europe/Paris
              paused: false
              skipImmediately: true
              concurrencyPolicy: Replace
              startingDeadlineSeconds: 3600
              template: {includedNamespaces: [shop], storageLocation: default}
              retention: {keepLast: 3, hourly: 0, daily: 7, weekly: 4, monthly: 12, yearly: 3, minSuccessful: 3, ttl: 2160h}
            status:
              phase: Enabled
              lastBackup: nightly-20261205020000
              lastSuccessfulBackup: nightly-20261204020000
              lastScheduleTime: "2026-12-05T01:00:00Z"
              nextRunTime: "2026-12-06T01:00:00Z"
              observedGeneration: 4
            """;

    static final String LOCATION = """
            apiVersion: arca.dev/v1alpha1
            kind: BackupLocation
            metadata: {name: default, namespace: arca}
            spec:
              provider: s3
              bucket: arca
              prefix: cluster-a
              region: us-east-1
              endpoint: http://10.0.0.1:9000
              pathStyle: true
              accessMode: ReadOnly
              credential: {name: arca-s3, key: credentials}
              encryptionPassphrase: {name: arca-repo, key: passphrase}
              default: true
              validationFrequency: 1m
            status:
              phase: Unavailable
              lastValidationTime: "2026-12-05T02:00:00Z"
              message: "bucket arca: connection refused"
            """;

    @Test
    void aBackupReadsIntoTypedFieldsAndWritesBackTheSameYaml() throws Exception {
        Backup backup = roundTrip(BACKUP, Backup.class);
        assertThat(backup.getSpec().getSchedule()).isEqualTo("nightly");
        assertThat(backup.getSpec().getVolumePolicy().getRules().get(0).getAction()).isEqualTo(VolumePolicy.Action.skip);
        assertThat(backup.getStatus().getPhase()).isEqualTo(BackupPhase.PartiallyFailed);
        assertThat(backup.getStatus().getProgress().getItemsBackedUp()).isEqualTo(410);
        assertThat(backup.getStatus().getVolumes().getBytes()).isEqualTo(1048576L);
        assertThat(backup.getStatus().getConditions()).singleElement()
                .satisfies(c -> assertThat(c.getReason()).isEqualTo("ItemsFailed"));
    }

    @Test
    void aRestoreReadsIntoTypedFieldsAndWritesBackTheSameYaml() throws Exception {
        Restore restore = roundTrip(RESTORE, Restore.class);
        assertThat(restore.getSpec().getNamespaceMapping()).containsEntry("shop", "shop-copy");
        assertThat(restore.getSpec().getExistingResourcePolicy()).isEqualTo(ExistingResourcePolicy.update);
        assertThat(restore.getStatus().getPhase()).isEqualTo(RestorePhase.Cancelled);
    }

    @Test
    void aScheduleReadsIntoTypedFieldsAndWritesBackTheSameYaml() throws Exception {
        Schedule schedule = roundTrip(SCHEDULE, Schedule.class);
        assertThat(schedule.getSpec().getConcurrencyPolicy().policy()).isEqualTo(ConcurrencyPolicy.REPLACE);
        assertThat(schedule.getSpec().getRetention().getDaily()).isEqualTo(7);
        assertThat(schedule.getSpec().getTemplate().getIncludedNamespaces()).containsExactly("shop");
        assertThat(schedule.getStatus().getPhase()).isEqualTo(SchedulePhase.Enabled);
    }

    @Test
    void aBackupLocationReadsIntoTypedFieldsAndWritesBackTheSameYaml() throws Exception {
        BackupLocation location = roundTrip(LOCATION, BackupLocation.class);
        assertThat(location.getSpec().getProvider()).isEqualTo(LocationProvider.s3);
        assertThat(location.getSpec().getAccessMode()).isEqualTo(AccessMode.ReadOnly);
        assertThat(location.getSpec().getDefaultLocation()).isTrue();
        assertThat(location.getSpec().getCredential().getName()).isEqualTo("arca-s3");
        assertThat(location.getStatus().getPhase()).isEqualTo(LocationPhase.Unavailable);
    }

    @Test
    void phasesAreVelerosNamesPlusCancelled() {
        assertThat(names(BackupPhase.values())).containsExactly(
                "New", "InProgress", "Completed", "PartiallyFailed", "Failed", "Deleting", "Cancelled");
        assertThat(names(RestorePhase.values())).containsExactly(
                "New", "InProgress", "Completed", "PartiallyFailed", "Failed", "Cancelled");
        assertThat(names(SchedulePhase.values())).containsExactly("New", "Enabled", "Paused", "FailedValidation");
        assertThat(names(LocationPhase.values())).containsExactly("Available", "Unavailable");
        assertThat(names(LocationProvider.values())).containsExactly("filesystem", "s3", "azure", "gcs");
    }

    @Test
    void everyPhaseTheEngineReportsHasAResourcePhaseOfTheSameName() {
        for (dev.arca.api.Phase phase : dev.arca.api.Phase.values()) {
            assertThat(BackupPhase.valueOf(phase.name()).name()).isEqualTo(phase.name());
            assertThat(RestorePhase.valueOf(phase.name()).name()).isEqualTo(phase.name());
        }
    }

    @Test
    void eachConcurrencyPolicyValueMeansTheScheduleRulesPolicyOfTheSameName() {
        for (ScheduleConcurrencyPolicy value : ScheduleConcurrencyPolicy.values()) {
            assertThat(value.policy()).isEqualTo(ConcurrencyPolicy.fromSpec(value.name()));
        }
        assertThat(ScheduleConcurrencyPolicy.values()).hasSize(ConcurrencyPolicy.values().length);
    }

    @Test
    void anUnknownPhaseIsRefusedWhenRead() {
        String bad = BACKUP.replace("phase: PartiallyFailed", "phase: Partial");
        assertThatThrownBy(() -> Serialization.unmarshal(bad, Backup.class)).hasMessageContaining("Partial");
    }

    private static <T> T roundTrip(String yaml, Class<T> type) throws Exception {
        T typed = Serialization.unmarshal(yaml, type);
        assertThat(typed.getClass()).isEqualTo(type);
        JsonNode written = YAML.readTree(Serialization.asYaml(typed));
        assertThat(written).isEqualTo(YAML.readTree(yaml));
        return typed;
    }

    private static String[] names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toArray(String[]::new);
    }
}
