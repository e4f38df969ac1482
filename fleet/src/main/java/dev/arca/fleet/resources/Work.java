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
 * One object as one member should hold it, rendered by the hub (placement, overrides, cell, replicas,
 * metadata rules) in the member's execution namespace on the hub. In Push mode the hub applies it; in
 * Pull mode the member's agent, whose hub credentials reach only that namespace, fetches and applies
 * it. Either way the applier writes what the member reports into the status.
 */
@Group(FleetResources.GROUP)
@Version(FleetResources.VERSION)
@Kind("Work")
@Singular("work")
@Plural("works")
@Categories(FleetResources.CATEGORY)
@AdditionalPrinterColumn(name = "Applied", jsonPath = ".status.applied", type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(name = "Health", jsonPath = ".status.health", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class Work extends CustomResource<WorkSpec, WorkStatus> implements Namespaced {
}
