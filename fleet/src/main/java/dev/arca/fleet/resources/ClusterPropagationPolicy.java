package dev.arca.fleet.resources;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A platform administrator's policy: it may select objects of any namespace (and cluster-scoped ones,
 * such as Namespaces) and members of any workspace. Same spec as {@link PropagationPolicy}; where both
 * select an object, the namespaced policy wins (Karmada's rule). Short name {@code cpp}.
 */
@Group(FleetResources.GROUP)
@Version(FleetResources.VERSION)
@Kind("ClusterPropagationPolicy")
@Singular("clusterpropagationpolicy")
@Plural("clusterpropagationpolicies")
@ShortNames("cpp")
@Categories(FleetResources.CATEGORY)
@AdditionalPrinterColumn(name = "Matched", jsonPath = ".status.matched", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class ClusterPropagationPolicy extends CustomResource<PolicySpec, PolicyStatus> {
}
