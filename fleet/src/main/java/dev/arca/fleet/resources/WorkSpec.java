package dev.arca.fleet.resources;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.AnyType;
import java.util.ArrayList;
import java.util.List;

/** The object to hold on a member, and how to write it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkSpec {
    /** The binding this comes from ({@code namespace/name}). */
    public String binding;
    public String cluster;
    public String cell;
    /** The rendered object. */
    public AnyType manifest;
    public String templateHash;
    public SyncRules.UpdateStrategy updateStrategy = SyncRules.UpdateStrategy.ServerSideApply;
    /** JSON pointers the member owns: left out of every write once the object exists there. */
    public List<String> retain = new ArrayList<>();
    /** Remove the member's copy when this Work is deleted (false: preserveResourcesOnDeletion). */
    public boolean deleteOnRemoval = true;
    /** How long a removal waits for an unreachable member before it records an orphan (Go duration, default 10m). */
    public String unreachableClusterTimeout;
}
