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
 * Which objects of its own namespace go to which members of its own namespace, and how (Karmada's
 * PropagationPolicy, plus cells, a rollout mask and metadata rules). A tenant's policy can select
 * neither another namespace's objects nor another namespace's clusters. Short name {@code pp}.
 */
@Group(FleetResources.GROUP)
@Version(FleetResources.VERSION)
@Kind("PropagationPolicy")
@Singular("propagationpolicy")
@Plural("propagationpolicies")
@ShortNames("pp")
@Categories(FleetResources.CATEGORY)
@AdditionalPrinterColumn(name = "Matched", jsonPath = ".status.matched", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class PropagationPolicy extends CustomResource<PolicySpec, PolicyStatus> implements Namespaced {
}
