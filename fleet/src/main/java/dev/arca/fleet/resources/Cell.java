package dev.arca.fleet.resources;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A deployment unit: one member cluster and a node-label selector on it (several cells per cluster).
 * Topology levels are region → zone → cluster → cell; a workload placed on a cell gets the cell's
 * node selector. In the same namespace as its MemberCluster.
 */
@Group(FleetResources.GROUP)
@Version(FleetResources.VERSION)
@Kind("Cell")
@Singular("cell")
@Plural("cells")
@Categories(FleetResources.CATEGORY)
@AdditionalPrinterColumn(name = "Cluster", jsonPath = ".spec.cluster", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class Cell extends CustomResource<CellSpec, CellStatus> implements Namespaced {
}
