package dev.arca.fleet.resources;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;
import java.util.LinkedHashMap;
import java.util.Map;

/** The member cluster a cell is on, and the node labels that make up the cell. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class CellSpec {
    /** The MemberCluster's name, in the cell's namespace. */
    @Required
    public String cluster;
    /** Merged into the node selector of every pod template placed on this cell. */
    public Map<String, String> nodeSelector = new LinkedHashMap<>();
}
