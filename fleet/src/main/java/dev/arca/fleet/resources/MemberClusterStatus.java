package dev.arca.fleet.resources;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * What the hub last saw of a member: conditions {@code Ready} and {@code Unreachable} (with the
 * reason and the time they changed), when it last answered, its Kubernetes version, and the objects
 * left behind on it by a deletion that could not wait for it (removed when it is back).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class MemberClusterStatus {
    public List<Condition> conditions = new ArrayList<>();
    /** RFC 3339: the last time the member answered the hub (or its agent reported, in Pull mode). */
    public String lastSeen;
    public String kubernetesVersion;
    /** Objects a deletion left on this member while it was unreachable; cleaned when it returns. */
    public List<ObjectRef> orphans = new ArrayList<>();
    public Long observedGeneration;
}
