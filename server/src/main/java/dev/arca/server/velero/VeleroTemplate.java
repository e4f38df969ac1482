package dev.arca.server.velero;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.server.resources.BackupResourceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Converts a Velero Backup spec (a Schedule's {@code spec.template}) into Arca's
 * {@link BackupResourceSpec}, noting each field that has no counterpart or changes meaning.
 */
final class VeleroTemplate {

    private static final String SCOPED = "Arca filters cluster-scoped and namespaced types together with"
            + " includedResources/excludedResources and includeClusterResources; move the types there if needed";
    private static final Map<String, String> DROPPED = Map.ofEntries(
            Map.entry("snapshotVolumes", "Arca takes no volume snapshots; volume data is copied by file-system"
                    + " backup (defaultVolumesToFsBackup), as with Velero's fs-backup"),
            Map.entry("includedClusterScopedResources", SCOPED),
            Map.entry("excludedClusterScopedResources", SCOPED),
            Map.entry("includedNamespaceScopedResources", SCOPED),
            Map.entry("excludedNamespaceScopedResources", SCOPED),
            Map.entry("hooks", "Arca runs no backup hooks"),
            Map.entry("volumeSnapshotLocations", "Arca takes no volume snapshots"),
            Map.entry("snapshotMoveData", "Arca takes no volume snapshots"),
            Map.entry("datamover", "Arca takes no volume snapshots"),
            Map.entry("csiSnapshotTimeout", "Arca takes no volume snapshots"),
            Map.entry("volumeGroupSnapshotLabelKey", "Arca takes no volume snapshots"),
            Map.entry("resourcePolicy", "it refers to a ConfigMap; write the volume rules inline in the"
                    + " template's volumePolicy"),
            Map.entry("orderedResources", "Arca backs up items in its own order"),
            Map.entry("itemOperationTimeout", "Arca runs no asynchronous item operations"),
            Map.entry("uploaderConfig", "Arca's uploader takes no per-backup settings"),
            Map.entry("metadata", "Arca's backup template has no labels; the server labels the backups it makes"));

    private VeleroTemplate() {
    }

    /** The template and its ttl (Arca form, or null); notes are appended to {@code notes}. */
    static Converted convert(Fields template, List<String> notes) {
        BackupResourceSpec spec = new BackupResourceSpec();
        spec.setIncludedNamespaces(template.strings("includedNamespaces"));
        spec.setExcludedNamespaces(template.strings("excludedNamespaces"));
        spec.setIncludedResources(template.strings("includedResources"));
        spec.setExcludedResources(template.strings("excludedResources"));
        spec.setIncludeClusterResources(template.bool("includeClusterResources"));
        spec.setStorageLocation(template.text("storageLocation"));
        JsonNode selector = template.take("labelSelector");
        if (selector != null) {
            spec.setLabelSelector(LabelSelectors.toText(template.path("labelSelector"), selector));
        }
        JsonNode orSelectors = template.take("orLabelSelectors");
        if (orSelectors != null) {
            spec.setOrLabelSelectors(orSelectors(template.path("orLabelSelectors"), orSelectors));
        }
        spec.setDefaultVolumesToFsBackup(fsBackup(template, notes));
        String ttl = template.text("ttl");
        String arcaTtl = ttl == null ? null : GoDurations.toArca(template.path("ttl"), ttl);
        template.dropRest(notes, DROPPED, "not a Velero backup field this importer knows");
        return new Converted(spec, arcaTtl);
    }

    private static Boolean fsBackup(Fields template, List<String> notes) {
        Boolean fsBackup = template.bool("defaultVolumesToFsBackup");
        Boolean restic = template.bool("defaultVolumesToRestic");
        if (restic == null) {
            return fsBackup;
        }
        if (fsBackup == null) {
            notes.add(template.path("defaultVolumesToRestic") + " → defaultVolumesToFsBackup: Velero's older"
                    + " name for the same choice");
            return restic;
        }
        notes.add(template.path("defaultVolumesToRestic") + " dropped: defaultVolumesToFsBackup is set and wins,"
                + " as in Velero");
        return fsBackup;
    }

    private static List<String> orSelectors(String path, JsonNode list) {
        if (!list.isArray()) {
            throw new ImportProblem(path + " must be a list of label selectors");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(LabelSelectors.toText(path + "[" + i + "]", list.get(i)));
        }
        return out;
    }

    /** A converted template and its ttl in Arca's form (null: unset). */
    record Converted(BackupResourceSpec spec, String ttl) {
    }
}
