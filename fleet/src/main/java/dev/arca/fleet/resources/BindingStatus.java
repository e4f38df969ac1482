package dev.arca.fleet.resources;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a hub object was placed and what every member last reported of it. A member that does not
 * answer keeps its last known values, marked {@code stale} with the time they were seen.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BindingStatus {
    public List<Condition> conditions = new ArrayList<>();
    /** The hub object's generation (or resourceVersion for kinds without one) last placed. */
    public String observedTemplate;
    public List<Target> targets = new ArrayList<>();
    public List<MemberStatus> members = new ArrayList<>();
    public Aggregate aggregate;
    public RolloutStatus rollout;

    /** A member (and cell, when placed by cell) that should hold the object, with its share of replicas. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Target {
        /** {@code namespace/name} of the MemberCluster. */
        public String cluster;
        public String cell;
        public Integer replicas;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class MemberStatus {
        public String cluster;
        public String cell;
        public boolean applied;
        /** The hash of the version of the hub object this member holds. */
        public String templateHash;
        /** The member object's generation, and what its own controller has observed of it. */
        public Long generation;
        public Long observedGeneration;
        /** Healthy, Progressing, Unhealthy or Unknown, by the rule for the object's kind. */
        public String health;
        public String message;
        public String lastError;
        /** RFC 3339: when these values were read from the member. */
        public String lastSeen;
        /** The member did not answer at the last look: these are its last known values. */
        public boolean stale;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Aggregate {
        public int targets;
        public int applied;
        public int healthy;
        public int unhealthy;
        public int stale;
    }

    /** Where a changed object's rollout is: the step reached and whether it goes on. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class RolloutStatus {
        /** The version rolling out and the one it replaces (hashes). */
        public String templateHash;
        public String previousTemplateHash;
        /** The hub object of {@code templateHash}, kept only when the policy has rollout steps. */
        public io.fabric8.kubernetes.api.model.AnyType template;
        /** The hub object as it was before this change (server fields removed): what a rollback re-renders. */
        public io.fabric8.kubernetes.api.model.AnyType previousTemplate;
        public int step;
        /** Progressing, Complete, Halted or RolledBack. */
        public String state;
        /** RFC 3339: when the current step started. */
        public String stepStarted;
        public String message;
    }
}
