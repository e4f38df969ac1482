package dev.arca.server.resources;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Which volumes' data a backup takes beyond the pods' annotations: the first matching rule decides
 * (the shape of {@link dev.arca.api.VolumePolicy}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VolumePolicySpec {
    /** The rules, in order. */
    private List<VolumePolicyRule> rules;

    public List<VolumePolicyRule> getRules() {
        return rules;
    }

    public void setRules(List<VolumePolicyRule> rules) {
        this.rules = rules;
    }
}
