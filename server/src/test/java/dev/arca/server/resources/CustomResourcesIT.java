package dev.arca.server.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.testkit.kube.ControlPlaneExtension;
import dev.arca.testkit.kube.TestNamespace;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The generated CRDs on a real API server: they install and become Established, each kind is
 * created, read back typed and given a status through the status subresource, kubectl's table
 * shows the printer columns, and the schema makes the API server refuse invalid objects with the
 * field named.
 */
@ExtendWith(ControlPlaneExtension.class)
class CustomResourcesIT {

    private static final Duration ESTABLISHED_TIMEOUT = Duration.ofSeconds(60);
    private static final String TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io";

    @BeforeAll
    static void installTheCrds(KubernetesClient client) {
        Crds.apply(client, "arca-test", ESTABLISHED_TIMEOUT);
        for (String name : Crds.PLURALS) {
            assertThat(Crds.established(client.apiextensions().v1().customResourceDefinitions()
                    .withName(name + ".arca.dev").get())).as(name).isTrue();
        }
    }

    @Test
    void aBackupIsReadBackTypedAndGetsItsStatusOnlyThroughTheSubresource(KubernetesClient client, TestNamespace ns) {
        Backup backup = createThenSetStatus(client, ns, Backup.class, ResourcesYamlTest.BACKUP);
        assertThat(backup.getSpec().getSchedule()).isEqualTo("nightly");
        assertThat(backup.getSpec().getVolumePolicy().getRules()).hasSize(1);
        assertThat(backup.getStatus().getPhase()).isEqualTo(BackupPhase.PartiallyFailed);
        assertThat(backup.getStatus().getProgress().getItemsBackedUp()).isEqualTo(410);

        backup.getStatus().setPhase(BackupPhase.Failed);
        backup.getSpec().setTtl("24h");
        Backup updated = client.resources(Backup.class).inNamespace(ns.name()).resource(backup).update();
        assertThat(updated.getSpec().getTtl()).isEqualTo("24h");
        assertThat(updated.getStatus().getPhase()).as("a main-resource update leaves status alone")
                .isEqualTo(BackupPhase.PartiallyFailed);
    }

    @Test
    void aRestoreAScheduleAndALocationAreReadBackTypedWithTheirStatus(KubernetesClient client, TestNamespace ns) {
        Restore restore = createThenSetStatus(client, ns, Restore.class, ResourcesYamlTest.RESTORE);
        assertThat(restore.getSpec().getNamespaceMapping()).containsEntry("shop", "shop-copy");
        assertThat(restore.getStatus().getPhase()).isEqualTo(RestorePhase.Cancelled);

        Schedule schedule = createThenSetStatus(client, ns, Schedule.class, ResourcesYamlTest.SCHEDULE);
        assertThat(schedule.getSpec().getRetention().getMonthly()).isEqualTo(12);
        assertThat(schedule.getSpec().getConcurrencyPolicy()).isEqualTo(ScheduleConcurrencyPolicy.Replace);
        assertThat(schedule.getStatus().getNextRunTime()).isEqualTo("2026-12-06T01:00:00Z");

        BackupLocation location = createThenSetStatus(client, ns, BackupLocation.class, ResourcesYamlTest.LOCATION);
        assertThat(location.getSpec().getDefaultLocation()).isTrue();
        assertThat(location.getSpec().getEncryptionPassphrase().getKey()).isEqualTo("passphrase");
        assertThat(location.getStatus().getPhase()).isEqualTo(LocationPhase.Unavailable);
    }

    @Test
    void kubectlsTableShowsThePrinterColumns(KubernetesClient client, TestNamespace ns) throws Exception {
        createThenSetStatus(client, ns, Backup.class, ResourcesYamlTest.BACKUP);
        createThenSetStatus(client, ns, Schedule.class, ResourcesYamlTest.SCHEDULE);
        createThenSetStatus(client, ns, BackupLocation.class, ResourcesYamlTest.LOCATION);

        JsonNode backups = table(client, ns, "backups");
        assertThat(columns(backups)).containsExactlyInAnyOrder("Name", "Phase", "Items", "Errors", "Age");
        assertThat(cell(backups, "Phase")).isEqualTo("PartiallyFailed");
        assertThat(cell(backups, "Items")).isEqualTo("410");
        assertThat(cell(backups, "Errors")).isEqualTo("2");

        JsonNode schedules = table(client, ns, "schedules");
        assertThat(columns(schedules)).containsExactlyInAnyOrder("Name", "Schedule", "Paused", "Phase", "Last Backup", "Age");
        assertThat(cell(schedules, "Schedule")).isEqualTo("0 2 * * *");
        assertThat(cell(schedules, "Last Backup")).isEqualTo("nightly-20261205020000");

        JsonNode locations = table(client, ns, "backuplocations");
        assertThat(columns(locations)).contains("Provider", "Phase", "Access Mode", "Age");
        assertThat(cell(locations, "Provider")).isEqualTo("s3");
        assertThat(cell(locations, "Access Mode")).isEqualTo("ReadOnly");
    }

    @Test
    void anUnknownEnumValueIsRefusedNamingTheField(KubernetesClient client, TestNamespace ns) {
        String yaml = ResourcesYamlTest.LOCATION.replace("provider: s3", "provider: ftp");
        assertThatThrownBy(() -> createGeneric(client, ns, "BackupLocation", yaml))
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("spec.provider")
                .hasMessageContaining("ftp");
    }

    @Test
    void aMissingRequiredFieldIsRefusedNamingTheField(KubernetesClient client, TestNamespace ns) {
        String yaml = ResourcesYamlTest.RESTORE.replace("  backupName: nightly-20261205020000\n", "");
        assertThatThrownBy(() -> createGeneric(client, ns, "Restore", yaml))
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("spec.backupName")
                .hasMessageContaining("Required");
        String noKey = ResourcesYamlTest.LOCATION.replace("{name: arca-s3, key: credentials}", "{name: arca-s3}");
        assertThatThrownBy(() -> createGeneric(client, ns, "BackupLocation", noKey))
                .hasMessageContaining("spec.credential.key");
    }

    @Test
    void aMalformedTtlOrANegativeCountIsRefusedNamingTheField(KubernetesClient client, TestNamespace ns) {
        String ttl = ResourcesYamlTest.BACKUP.replace("ttl: 720h", "ttl: a month");
        assertThatThrownBy(() -> createGeneric(client, ns, "Backup", ttl)).hasMessageContaining("spec.ttl");
        String count = ResourcesYamlTest.SCHEDULE.replace("daily: 7", "daily: -1");
        assertThatThrownBy(() -> createGeneric(client, ns, "Schedule", count)).hasMessageContaining("spec.retention.daily");
    }

    @Test
    void everyScheduleFormTheScheduleRulesAcceptPassesTheSchema(KubernetesClient client, TestNamespace ns) {
        List<String> forms = List.of("@daily", "@annually", "@every 1.5h", "@every 1h30m", "@every 90m",
                "0 2 * * MON-FRI", "*/15 * * * *", "0 0 13 * FRI", "0 0 ? * 0,6");
        for (int i = 0; i < forms.size(); i++) {
            String yaml = ResourcesYamlTest.SCHEDULE.replace("name: nightly,", "name: form-" + i + ",")
                    .replace("schedule: 0 2 * * *", "schedule: \"" + forms.get(i) + "\"");
            createGeneric(client, ns, "Schedule", yaml);
        }
        assertThat(client.resources(Schedule.class).inNamespace(ns.name()).list().getItems())
                .extracting(s -> s.getSpec().getSchedule()).containsExactlyInAnyOrderElementsOf(forms);
        String sixFields = ResourcesYamlTest.SCHEDULE.replace("schedule: 0 2 * * *", "schedule: 0 0 2 * * *");
        assertThatThrownBy(() -> createGeneric(client, ns, "Schedule", sixFields)).hasMessageContaining("spec.schedule");
    }

    /** Creates the object in {@code yaml} without its status, then sets that status through the subresource. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <T extends CustomResource> T createThenSetStatus(KubernetesClient client, TestNamespace ns,
                                                                     Class<T> type, String yaml) {
        T wanted = Serialization.unmarshal(yaml, type);
        Object status = wanted.getStatus();
        wanted.getMetadata().setNamespace(ns.name());
        T created = client.resources(type).inNamespace(ns.name()).resource(wanted).create();
        assertThat(created.getStatus()).as("the API server drops status on create").isNull();
        created.setStatus(status);
        client.resources(type).inNamespace(ns.name()).resource(created).updateStatus();
        return client.resources(type).inNamespace(ns.name()).withName(wanted.getMetadata().getName()).get();
    }

    private static void createGeneric(KubernetesClient client, TestNamespace ns, String kind, String yaml) {
        GenericKubernetesResource item = Serialization.unmarshal(yaml, GenericKubernetesResource.class);
        item.getMetadata().setNamespace(ns.name());
        item.getAdditionalProperties().remove("status");
        client.genericKubernetesResources(Resources.GROUP + "/" + Resources.VERSION, kind)
                .inNamespace(ns.name()).resource(item).create();
    }

    private static JsonNode table(KubernetesClient client, TestNamespace ns, String plural) throws Exception {
        String url = client.getMasterUrl().toString().replaceAll("/$", "")
                + "/apis/arca.dev/v1alpha1/namespaces/" + ns.name() + "/" + plural;
        HttpRequest request = client.getHttpClient().newHttpRequestBuilder().uri(url).header("Accept", TABLE).build();
        HttpResponse<byte[]> response = client.getHttpClient().sendAsync(request, byte[].class).get();
        String body = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(response.code()).as("GET %s as Table: %s", url, body).isEqualTo(200);
        JsonNode table = new ObjectMapper().readTree(body);
        assertThat(table.path("kind").asText()).isEqualTo("Table");
        assertThat(table.path("rows")).as("rows of %s", plural).hasSize(1);
        return table;
    }

    private static List<String> columns(JsonNode table) {
        List<String> names = new ArrayList<>();
        table.path("columnDefinitions").forEach(c -> names.add(c.path("name").asText()));
        return names;
    }

    private static String cell(JsonNode table, String column) {
        int index = columns(table).indexOf(column);
        assertThat(index).as("column %s in %s", column, columns(table)).isNotNegative();
        return table.path("rows").get(0).path("cells").get(index).asText();
    }
}
