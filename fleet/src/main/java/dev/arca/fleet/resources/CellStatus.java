package dev.arca.fleet.resources;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** {@code Ready} is False, with the reason, when the cell names a member cluster that does not exist. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class CellStatus {
    public List<Condition> conditions = new ArrayList<>();
}
