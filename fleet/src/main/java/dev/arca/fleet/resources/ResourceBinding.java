package dev.arca.fleet.resources;

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
 * The hub's record of one propagated object (Karmada's ResourceBinding): the object, the policy that
 * claims it, where it was placed, how far its rollout is, and every member's status with an aggregate.
 * Written by the hub only; owned by the hub object, so it goes when the object goes. Short name {@code rb}.
 */
@Group(FleetResources.GROUP)
@Version(FleetResources.VERSION)
@Kind("ResourceBinding")
@Singular("resourcebinding")
@Plural("resourcebindings")
@ShortNames("rb")
@Categories(FleetResources.CATEGORY)
@AdditionalPrinterColumn(name = "Targets", jsonPath = ".status.aggregate.targets", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Applied", jsonPath = ".status.aggregate.applied", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Healthy", jsonPath = ".status.aggregate.healthy", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class ResourceBinding extends CustomResource<BindingSpec, BindingStatus> implements Namespaced {
}
