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
 * A restore the server runs from a backup in a location; short name {@code arst}.
 */
@Group(Resources.GROUP)
@Version(Resources.VERSION)
@Kind("Restore")
@Singular("restore")
@Plural("restores")
@ShortNames("arst")
@Categories(Resources.CATEGORY)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Items", jsonPath = ".status.progress.itemsRestored", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Errors", jsonPath = ".status.errors", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class Restore extends CustomResource<RestoreResourceSpec, RestoreStatus> implements Namespaced {
}
