package dev.arca.server.resources;

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
 * A named restore target for the server, as {@code arca env} is for the CLI (docs/environments.md):
 * a namespace mapping, mappers, resource-modifier ConfigMaps and the parameters substituted into
 * them. A Restore names one in {@code spec.environment}. No status: nothing runs it; short name
 * {@code arenv}.
 */
@Group(Resources.GROUP)
@Version(Resources.VERSION)
@Kind("Environment")
@Singular("environment")
@Plural("environments")
@ShortNames("arenv")
@Categories(Resources.CATEGORY)
public class Environment extends CustomResource<EnvironmentResourceSpec, Void> implements Namespaced {
}
