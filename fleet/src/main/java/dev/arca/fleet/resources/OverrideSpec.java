package dev.arca.fleet.resources;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.AnyType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Which objects an OverridePolicy changes, and the rules, each for some members or cells, applied in order. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class OverrideSpec {
    public List<PolicySpec.ResourceSelector> resourceSelectors = new ArrayList<>();
    public List<OverrideRule> overrideRules = new ArrayList<>();

    /** A rule applies to a target on a member {@code targetCluster} selects, or on a cell {@code targetCells} names. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public static class OverrideRule {
        public Placement.ClusterAffinity targetCluster;
        public List<String> targetCells = new ArrayList<>();
        public Overriders overriders = new Overriders();
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public static class Overriders {
        public List<PlaintextOverrider> plaintext = new ArrayList<>();
        public List<ImageOverrider> imageOverrider = new ArrayList<>();
        public List<MapOverrider> labelsOverrider = new ArrayList<>();
        public List<MapOverrider> annotationsOverrider = new ArrayList<>();
    }

    /** One JSON patch operation: {@code add}, {@code remove} or {@code replace} at a JSON pointer. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class PlaintextOverrider {
        public String path;
        public String operator;
        public AnyType value;
    }

    /**
     * Changes one part ({@code Registry}, {@code Repository}, {@code Tag}) of the images of every pod
     * template, or only the image at {@code predicate.path}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class ImageOverrider {
        public Predicate predicate;
        public String component;
        public String operator;
        public String value;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Predicate {
        public String path;
    }

    /** Adds, replaces or removes labels (or annotations). */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public static class MapOverrider {
        public String operator;
        public Map<String, String> value;
    }
}
