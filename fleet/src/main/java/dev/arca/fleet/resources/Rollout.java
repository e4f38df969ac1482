package dev.arca.fleet.resources;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/**
 * The set a policy applies is its placement ∩ {@code mask}. When a selected object changes, the new
 * version goes first to placement ∩ mask ∩ {@code steps[0]}, then to each wider step once every target
 * of the step is healthy, then to all of placement ∩ mask. A step whose targets are not healthy within
 * {@code healthTimeout}, or whose health falls, halts the rollout; with {@code rollbackOnFailure}
 * its targets get the previous version back. Targets not yet reached keep the previous version.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Rollout {
    public Mask mask;
    public List<Mask> steps = new ArrayList<>();
    /** Go duration, default {@code 5m}. */
    public String healthTimeout;
    public boolean rollbackOnFailure;

    /** Targets by cell name, by member name, and a percentage of what is left (rounded up); empty fields do not narrow. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public static class Mask {
        public List<String> cells = new ArrayList<>();
        public List<String> clusters = new ArrayList<>();
        public Integer percent;
    }
}
