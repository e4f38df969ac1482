package dev.arca.server.velero;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.server.resources.BackupResourceSpec;
import dev.arca.server.resources.Schedule;
import dev.arca.server.resources.ScheduleSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VeleroScheduleImportTest {

    @Test
    void convertsAScheduleFieldForFieldAndMovesTheCronZonePrefixToTimeZone() {
        VeleroImportResult result = VeleroImport.convert(VeleroYaml.NIGHTLY);

        assertThat(result.problems()).isEmpty();
        Schedule schedule = (Schedule) result.objects().get(0).object();
        assertThat(schedule.getApiVersion()).isEqualTo("arca.dev/v1alpha1");
        assertThat(schedule.getMetadata().getName()).isEqualTo("nightly");
        assertThat(schedule.getMetadata().getNamespace()).isNull();
        assertThat(schedule.getMetadata().getLabels()).isEqualTo(Map.of("team", "shop"));
        ScheduleSpec spec = schedule.getSpec();
        assertThat(spec.getSchedule()).isEqualTo("0 2 * * *");
        assertThat(spec.getTimeZone()).isEqualTo("Europe/Paris");
        assertThat(spec.getPaused()).isTrue();
        assertThat(spec.getSkipImmediately()).isTrue();
        assertThat(spec.getConcurrencyPolicy()).isNull();
        assertThat(spec.getRetention().getTtl()).isEqualTo("720h");
        assertThat(spec.getRetention().getKeepLast()).isNull();
        BackupResourceSpec template = spec.getTemplate();
        assertThat(template.getIncludedNamespaces()).containsExactly("shop", "web-*");
        assertThat(template.getExcludedNamespaces()).containsExactly("kube-system");
        assertThat(template.getIncludedResources()).containsExactly("deployments.apps", "configmaps");
        assertThat(template.getExcludedResources()).containsExactly("events");
        assertThat(template.getIncludeClusterResources()).isFalse();
        assertThat(template.getLabelSelector()).isEqualTo("app=shop,tier in (web,db),!legacy");
        assertThat(template.getStorageLocation()).isEqualTo("primary");
        assertThat(template.getTtl()).isEqualTo("720h");
        assertThat(template.getDefaultVolumesToFsBackup()).isTrue();
        assertThat(template.getSchedule()).isNull();
    }

    @Test
    void notesEveryDroppedOrChangedScheduleFieldWithItsReason() {
        List<String> notes = VeleroImport.convert(VeleroYaml.NIGHTLY).objects().get(0).notes();

        assertThat(notes).containsExactly(
                "metadata.namespace velero dropped: create the object in the namespace the Arca server watches"
                        + " (kubectl apply -n)",
                "metadata.annotations dropped: Velero's and kubectl's annotations mean nothing to Arca",
                "status dropped: the Arca server computes its own",
                "spec.schedule: the CRON_TZ=Europe/Paris prefix moved to spec.timeZone Europe/Paris (Arca reads"
                        + " the cron fields in that zone, with the JVM's time-zone data)",
                "spec.template.snapshotVolumes dropped: Arca takes no volume snapshots; volume data is copied by"
                        + " file-system backup (defaultVolumesToFsBackup), as with Velero's fs-backup",
                "spec.template.hooks dropped: Arca runs no backup hooks",
                "spec.template.ttl → spec.retention.ttl 720h (and the template's ttl): with no count rule set,"
                        + " retention expires the schedule's backups by age as Velero's ttl does; add keepLast or"
                        + " daily/weekly/monthly counts to keep by count instead",
                "spec.useOwnerReferencesInBackup dropped: Arca's backups outlive their schedule; deleting a"
                        + " Schedule never deletes its backups, retention does");
    }

    @Test
    void keepsEveryIntervalsAndRewritesOrSelectorsAndTheOldResticFlag() {
        ImportedObject imported = VeleroImport.convert(VeleroYaml.HOURLY).objects().get(0);
        ScheduleSpec spec = ((Schedule) imported.object()).getSpec();

        assertThat(spec.getSchedule()).isEqualTo("@every 1h");
        assertThat(spec.getTimeZone()).isNull();
        assertThat(spec.getPaused()).isNull();
        assertThat(spec.getTemplate().getOrLabelSelectors()).containsExactly("app=a", "env notin (dev)");
        assertThat(spec.getTemplate().getDefaultVolumesToFsBackup()).isTrue();
        assertThat(spec.getRetention().getTtl()).isEqualTo("90m");
        assertThat(imported.notes()).containsExactly(
                "spec.template.defaultVolumesToRestic → defaultVolumesToFsBackup: Velero's older name for the"
                        + " same choice",
                "spec.template.ttl → spec.retention.ttl 90m (and the template's ttl): with no count rule set,"
                        + " retention expires the schedule's backups by age as Velero's ttl does; add keepLast or"
                        + " daily/weekly/monthly counts to keep by count instead");
    }

    @Test
    void aPlainTzPrefixAlsoBecomesTheTimeZone() {
        Schedule schedule = (Schedule) VeleroImport.convert(VeleroYaml.HOURLY
                .replace("\"@every 1h\"", "TZ=America/New_York 30 4 * * 1-5")).objects().get(0).object();

        assertThat(schedule.getSpec().getSchedule()).isEqualTo("30 4 * * 1-5");
        assertThat(schedule.getSpec().getTimeZone()).isEqualTo("America/New_York");
    }
}
