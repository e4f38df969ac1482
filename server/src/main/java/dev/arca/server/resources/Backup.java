package dev.arca.server.resources;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A backup the server runs (or one it found in a location by sync). Kind Backup in group arca.dev;
 * short name {@code abk} (Velero's kinds are in velero.io and its short names differ).
 */
@Group(Resources.GROUP)
@Version(Resources.VERSION)
@Kind("Backup")
@Singular("backup")
@Plural("backups")
@ShortNames("abk")
@Categories(Resources.CATEGORY)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Items", jsonPath = ".status.progress.itemsBackedUp", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Errors", jsonPath = ".status.errors", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class Backup extends CustomResource<BackupResourceSpec, BackupStatus> implements Namespaced {
}
