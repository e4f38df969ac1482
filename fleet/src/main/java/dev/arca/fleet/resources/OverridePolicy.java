package dev.arca.fleet.resources;

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
 * Per-member or per-cell changes to the objects of its namespace as they go out (Karmada's
 * OverridePolicy): JSON patches, image, label and annotation overriders, applied by the same patch
 * engine as restore transforms. Short name {@code op}.
 */
@Group(FleetResources.GROUP)
@Version(FleetResources.VERSION)
@Kind("OverridePolicy")
@Singular("overridepolicy")
@Plural("overridepolicies")
@ShortNames("op")
@Categories(FleetResources.CATEGORY)
public class OverridePolicy extends CustomResource<OverrideSpec, PolicyStatus> implements Namespaced {
}
