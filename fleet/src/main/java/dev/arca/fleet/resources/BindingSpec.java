package dev.arca.fleet.resources;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The hub object a binding is for, and the policy that claims it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BindingSpec {
    public ObjectRef resource;
    /** {@code kind} is PropagationPolicy or ClusterPropagationPolicy; no namespace for the latter. */
    public ObjectRef policy;
}
