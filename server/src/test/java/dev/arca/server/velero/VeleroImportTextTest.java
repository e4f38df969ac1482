package dev.arca.server.velero;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.arca.server.resources.BackupLocation;
import dev.arca.server.resources.Schedule;
import dev.arca.server.schedule.ScheduleValidation;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class VeleroImportTextTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String ALL = String.join("---\n", VeleroYaml.NIGHTLY, VeleroYaml.HOURLY, VeleroYaml.MINIO,
            VeleroYaml.AWS_NO_CREDENTIAL, VeleroYaml.AZURE, VeleroYaml.GCP);

    @Test
    void rendersEachObjectAsAYamlDocumentPrecededByItsSourceAndNotes() {
        String text = VeleroImportText.yaml(VeleroImport.convert(VeleroYaml.AWS_NO_CREDENTIAL));

        assertThat(text).startsWith("""
                ---
                # converted from Velero BackupStorageLocation/default
                # note: spec.credential unset: Velero then uses the credential mounted into its own pod;""");
        assertThat(text).contains("\n# note: spec.encryptionPassphrase unset: ")
                .contains("\napiVersion: \"arca.dev/v1alpha1\"\nkind: \"BackupLocation\"\n")
                .contains("  bucket: \"acme-backups\"\n")
                .doesNotContain("---\n---");
    }

    @Test
    void theRenderedYamlReadsBackIntoTheSameArcaObjects() throws IOException {
        VeleroImportResult result = VeleroImport.convert(ALL);
        List<JsonNode> documents;
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(VeleroImportText.yaml(result))) {
            documents = it.readAll();
        }

        assertThat(result.problems()).isEmpty();
        assertThat(documents).hasSize(6);
        for (int i = 0; i < documents.size(); i++) {
            Class<?> type = result.objects().get(i).object().getClass();
            Object back = Serialization.unmarshal(YAML.writeValueAsString(documents.get(i)), type);
            assertThat(Serialization.asJson(back)).isEqualTo(Serialization.asJson(result.objects().get(i).object()));
        }
    }

    @Test
    void everyConvertedObjectPassesItsCrdSchemaAndTheScheduleValidation() throws IOException {
        for (ImportedObject imported : VeleroImport.convert(ALL).objects()) {
            JsonNode json = YAML.valueToTree(imported.object());
            if (imported.object() instanceof Schedule schedule) {
                assertThat(CrdSchemaCheck.problems("schedules.arca.dev-v1.yml", json)).as(imported.source()).isEmpty();
                assertThat(ScheduleValidation.problems(schedule.getMetadata().getName(), schedule.getSpec().getSchedule(),
                        schedule.getSpec().getTimeZone(), null, null)).as(imported.source()).isEmpty();
            } else {
                assertThat(imported.object()).isInstanceOf(BackupLocation.class);
                assertThat(CrdSchemaCheck.problems("backuplocations.arca.dev-v1.yml", json)).as(imported.source())
                        .isEmpty();
            }
        }
    }

    @Test
    void theSchemaCheckCatchesAValueTheCrdRejects() throws IOException {
        Schedule schedule = (Schedule) VeleroImport.convert(VeleroYaml.NIGHTLY).objects().get(0).object();
        schedule.getSpec().getRetention().setTtl("30 days");
        schedule.getSpec().getTemplate().setStorageLocation("Primary_Location");

        assertThat(CrdSchemaCheck.problems("schedules.arca.dev-v1.yml", YAML.valueToTree(schedule))).containsExactly(
                "spec.template.storageLocation 'Primary_Location' does not match ^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$",
                "spec.retention.ttl '30 days' does not match ^([0-9]+[dhms])+$");
    }

    @Test
    void problemsRenderOnePerLine() {
        VeleroImportResult result = VeleroImport.convert("kind: ConfigMap\nmetadata: {name: x}\n");

        assertThat(VeleroImportText.problems(result)).isEqualTo("problem: document 1 (ConfigMap \"x\"): kind ConfigMap"
                + " of apiVersion '' is not imported; Arca imports only velero.io/v1 Schedule and"
                + " BackupStorageLocation, so it was skipped\n");
        assertThat(VeleroImportText.yaml(result)).isEmpty();
    }
}
