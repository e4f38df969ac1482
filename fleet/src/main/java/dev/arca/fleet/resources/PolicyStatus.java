package dev.arca.fleet.resources;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** How many hub objects a policy selects now; condition {@code Selecting} is False with a reason when none. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PolicyStatus {
    public List<Condition> conditions = new ArrayList<>();
    public Integer matched;
    public Long observedGeneration;
}
