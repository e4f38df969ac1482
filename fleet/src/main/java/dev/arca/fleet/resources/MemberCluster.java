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
 * A cluster the hub propagates to. It lives in a workspace namespace on the hub: a tenant's policies
 * see only the members of their own namespace, and the credentials Secret beside it is readable only
 * by that namespace's tenant. Labels carry its topology ({@link FleetResources#REGION_LABEL},
 * {@link FleetResources#ZONE_LABEL}) and anything a policy selects on. Short name {@code member}.
 */
@Group(FleetResources.GROUP)
@Version(FleetResources.VERSION)
@Kind("MemberCluster")
@Singular("membercluster")
@Plural("memberclusters")
@ShortNames("member")
@Categories(FleetResources.CATEGORY)
@AdditionalPrinterColumn(name = "Mode", jsonPath = ".spec.syncMode", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Last-Seen", jsonPath = ".status.lastSeen", type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class MemberCluster extends CustomResource<MemberClusterSpec, MemberClusterStatus> implements Namespaced {
}
