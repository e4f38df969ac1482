package dev.arca.server.velero;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VeleroImportProblemsTest {

    @Test
    void textThatIsNotYamlIsOneProblemWithItsPosition() {
        VeleroImportResult result = VeleroImport.convert("apiVersion: velero.io/v1\nkind: [Schedule\n");

        assertThat(result.objects()).isEmpty();
        assertThat(result.problems()).singleElement().asString()
                .startsWith("document 1 is not YAML: ")
                .contains("(line ")
                .endsWith("; fix the YAML, then import again (documents after it were not read)")
                .doesNotContain("null");
    }

    @Test
    void aDocumentWithoutKindIsAProblemAndTheOthersStillConvert() {
        VeleroImportResult result = VeleroImport.convert("""
                apiVersion: velero.io/v1
                metadata: {name: orphan}
                spec: {}
                ---
                """ + VeleroYaml.AWS_NO_CREDENTIAL);

        assertThat(result.objects()).extracting(ImportedObject::source)
                .containsExactly("BackupStorageLocation/default");
        assertThat(result.problems()).containsExactly("document 1 (\"orphan\", no kind): kind is missing;"
                + " Arca imports Velero kinds Schedule and BackupStorageLocation");
    }

    @Test
    void anotherKindIsSkippedWithAProblemNamingKindAndName() {
        VeleroImportResult result = VeleroImport.convert("""
                apiVersion: velero.io/v1
                kind: VolumeSnapshotLocation
                metadata: {name: ebs}
                spec: {provider: aws}
                ---
                apiVersion: v1
                kind: Schedule
                metadata: {name: wrong-group}
                """);

        assertThat(result.objects()).isEmpty();
        assertThat(result.problems()).containsExactly(
                "document 1 (VolumeSnapshotLocation \"ebs\"): kind VolumeSnapshotLocation of apiVersion"
                        + " 'velero.io/v1' is not imported; Arca imports only velero.io/v1 Schedule and"
                        + " BackupStorageLocation, so it was skipped",
                "document 2 (Schedule \"wrong-group\"): kind Schedule of apiVersion 'v1' is not imported; Arca"
                        + " imports only velero.io/v1 Schedule and BackupStorageLocation, so it was skipped");
    }

    @Test
    void aScheduleWithAnInvalidCronIsAProblemNamingTheField() {
        VeleroImportResult result = VeleroImport.convert(VeleroYaml.NIGHTLY
                .replace("CRON_TZ=Europe/Paris 0 2 * * *", "0 25 * * *"));

        assertThat(result.objects()).isEmpty();
        assertThat(result.problems()).singleElement().asString()
                .startsWith("document 1 (Schedule \"nightly\"): spec.schedule '0 25 * * *': ")
                .contains("25");
    }

    @Test
    void anUnknownTimeZoneInTheCronPrefixIsAProblem() {
        VeleroImportResult result = VeleroImport.convert(VeleroYaml.NIGHTLY
                .replace("CRON_TZ=Europe/Paris", "CRON_TZ=Mars/Olympus"));

        assertThat(result.problems()).singleElement().asString()
                .startsWith("document 1 (Schedule \"nightly\"): spec.schedule 'CRON_TZ=Mars/Olympus 0 2 * * *': ")
                .contains("Mars/Olympus");
    }

    @Test
    void aBadTtlOrProviderOrMissingBucketIsAProblemNamingTheField() {
        assertThat(VeleroImport.convert(VeleroYaml.HOURLY.replace("1.5h", "1500ms")).problems())
                .containsExactly("document 1 (Schedule \"hourly\"): spec.template.ttl is '1500ms'; write a Go"
                        + " duration of whole seconds, at least 1s, like 720h0m0s or 90m");
        assertThat(VeleroImport.convert(VeleroYaml.AWS_NO_CREDENTIAL.replace("provider: aws", "provider: oracle"))
                .problems()).containsExactly("document 1 (BackupStorageLocation \"default\"): spec.provider is"
                        + " 'oracle'; Arca converts only the aws (to s3), azure and gcp (to gcs) object-store providers");
        assertThat(VeleroImport.convert(VeleroYaml.AWS_NO_CREDENTIAL.replace("bucket: acme-backups", "prefix: x"))
                .problems()).containsExactly("document 1 (BackupStorageLocation \"default\"):"
                        + " spec.objectStorage.bucket is missing; Velero and Arca both need the bucket");
        assertThat(VeleroImport.convert(VeleroYaml.MINIO.replace("http://minio.velero.svc:9000", "minio:9000"))
                .problems()).containsExactly("document 1 (BackupStorageLocation \"minio\"): spec.config.s3Url is"
                        + " 'minio:9000'; it must be an http:// or https:// URL");
    }

    @Test
    void aScalarDocumentAndEmptyDocumentsAreHandled() {
        VeleroImportResult result = VeleroImport.convert("---\n---\njust text\n");

        assertThat(result.objects()).isEmpty();
        assertThat(result.problems()).containsExactly("document 2: it is a string, not a Kubernetes object;"
                + " give it apiVersion, kind, metadata and spec");
    }

    @Test
    void aSelectorExpressionWithoutValuesIsAProblemNamingIt() {
        VeleroImportResult result = VeleroImport.convert(VeleroYaml.NIGHTLY.replace("values: [web, db]", "values: []"));

        assertThat(result.problems()).containsExactly("document 1 (Schedule \"nightly\"):"
                + " spec.template.labelSelector.matchExpressions[0].values is empty; operator In needs at least one value");
    }

    @Test
    void fieldsTheImporterDoesNotKnowAreDroppedWithANoteNeverSilently() {
        ImportedObject imported = VeleroImport.convert(VeleroYaml.AWS_NO_CREDENTIAL
                .replace("region: eu-west-3", "region: eu-west-3\n    futureKey: x")
                .replace("  provider: aws", "  provider: aws\n  futureField: 1")).objects().get(0);

        assertThat(imported.notes()).contains(
                "spec.config.futureKey dropped: not a config key of Velero's aws plugin this importer knows",
                "spec.futureField dropped: not a Velero BackupStorageLocation field this importer knows");
    }
}
