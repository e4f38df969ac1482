package dev.arca.fleet.placement;

import dev.arca.fleet.resources.BindingStatus;
import dev.arca.fleet.resources.Rollout;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides how far a changed template goes: step by step through the rollout's masks, each step
 * gated on its targets holding the new template and reporting Healthy, halting (or rolling back)
 * when one reports Unhealthy or the step is not healthy in time. While a rollout is not Complete, a
 * target outside the masks of the steps reached so far never gets the new template. Pure: the
 * result depends only on the arguments.
 */
public final class RolloutPlanner {
    public static final String PROGRESSING = "Progressing";
    public static final String COMPLETE = "Complete";
    public static final String HALTED = "Halted";
    public static final String ROLLED_BACK = "RolledBack";

    private RolloutPlanner() {
    }

    /**
     * @param rollout              the policy's rollout (null: no steps)
     * @param current              the binding's rollout status so far (null: none yet)
     * @param newHash              the hash of the hub object's template now
     * @param previousHash         the hash every target held before this change (null: first version)
     * @param targets              placement ∩ rollout.mask
     * @param observed             what each target reports, by {@link Placed#key()}
     * @param defaultHealthTimeout used when {@code rollout.healthTimeout} is absent
     * @param now                  the time to judge the health timeout against
     * @throws dev.arca.api.ArcaException.InvalidInput for a bad healthTimeout or a mask percent outside 0..100
     */
    public static RolloutPlan plan(Rollout rollout, BindingStatus.RolloutStatus current, String newHash,
            String previousHash, List<Placed> targets, Map<String, Observed> observed, Duration defaultHealthTimeout,
            Instant now) {
        Objects.requireNonNull(newHash, "newHash");
        Run run = new Run(rollout, current, newHash, previousHash, targets,
                observed == null ? Map.of() : observed, now);
        boolean sameHash = current != null && newHash.equals(current.templateHash);
        if (run.steps.isEmpty() || previousHash == null || previousHash.equals(newHash)) {
            boolean changed = !sameHash || !COMPLETE.equals(current.state);
            return run.complete(changed ? "template " + newHash + " goes to all " + targets.size()
                    + " targets" + (run.steps.isEmpty() ? " (the rollout has no steps)" : " (first version)") : null);
        }
        Duration timeout = parseDuration(rollout.healthTimeout, defaultHealthTimeout);
        if (!sameHash) {
            return run.start(timeout);
        }
        String state = current.state == null ? PROGRESSING : current.state;
        return switch (state) {
            case COMPLETE -> run.complete(null);
            case HALTED -> run.stay(HALTED, current.step);
            case ROLLED_BACK -> run.stay(ROLLED_BACK, current.step);
            default -> run.progress(Math.max(0, current.step), parseTime(current.stepStarted, now), timeout);
        };
    }

    /**
     * Go's duration text: "10m", "30s", "1h30m", "500ms" (units h, m, s, ms, us, ns; fractions allowed).
     *
     * @return {@code fallback} for null or blank text
     * @throws dev.arca.api.ArcaException.InvalidInput naming the text when it is not a duration
     */
    public static Duration parseDuration(String goDuration, Duration fallback) {
        return GoDuration.parse(goDuration, fallback);
    }

    private static Instant parseTime(String rfc3339, Instant now) {
        try {
            return rfc3339 == null ? now : Instant.parse(rfc3339);
        } catch (DateTimeParseException e) {
            return now;
        }
    }

    /** One planning pass: the arguments, and the events it has to say. */
    private static final class Run {
        private final Rollout rollout;
        private final BindingStatus.RolloutStatus current;
        private final String newHash;
        private final String previousHash;
        private final List<Placed> targets;
        private final Map<String, Observed> observed;
        private final Instant now;
        private final List<Rollout.Mask> steps;
        private final List<String> events = new ArrayList<>();

        Run(Rollout rollout, BindingStatus.RolloutStatus current, String newHash, String previousHash,
                List<Placed> targets, Map<String, Observed> observed, Instant now) {
            this.rollout = rollout;
            this.current = current;
            this.newHash = newHash;
            this.previousHash = previousHash;
            this.targets = targets;
            this.observed = observed;
            this.now = now;
            this.steps = rollout == null || rollout.steps == null ? List.of() : rollout.steps;
        }

        RolloutPlan start(Duration timeout) {
            events.add("template " + newHash + " replaces " + previousHash + ": rollout starts at " + stepName(0)
                    + " with targets " + keys(Masks.apply(steps.get(0), targets)));
            return progress(0, now, timeout);
        }

        /** Checks the step's gate, advancing over every step already healthy. */
        RolloutPlan progress(int step, Instant started, Duration timeout) {
            int at = step;
            Instant since = started;
            while (at < steps.size()) {
                List<Placed> stepTargets = Masks.apply(steps.get(at), targets);
                List<String> unhealthy = keys(stepTargets.stream()
                        .filter(t -> observedOf(t).unhealthyAt(newHash)).toList());
                if (!unhealthy.isEmpty()) {
                    return fail(at, "targets " + unhealthy + " report Unhealthy");
                }
                List<String> pending = keys(stepTargets.stream()
                        .filter(t -> !observedOf(t).healthyAt(newHash)).toList());
                if (pending.isEmpty()) {
                    events.add(stepTargets.isEmpty() ? stepName(at) + " selects no target; it is passed"
                            : stepName(at) + " is healthy on " + keys(stepTargets));
                    at++;
                    since = now;
                    continue;
                }
                if (Duration.between(since, now).compareTo(timeout) > 0) {
                    return fail(at, "targets " + pending + " are not Healthy with the new template within " + timeout);
                }
                return progressing(at, since);
            }
            events.add("template " + newHash + " passed every step and goes to all " + targets.size() + " targets");
            return complete(null);
        }

        private RolloutPlan progressing(int step, Instant since) {
            String message = "rolling out " + newHash + ": " + stepName(step) + ", waiting for its targets to be Healthy";
            return plan(masked(step), status(PROGRESSING, step, since, message));
        }

        private RolloutPlan fail(int step, String reason) {
            boolean back = rollout.rollbackOnFailure;
            String message = (back ? "rolled back to " + previousHash : "halted")
                    + " at " + stepName(step) + " of template " + newHash + ": " + reason
                    + "; fix the template (a new version starts the rollout over)";
            events.add(message);
            Set<String> masked = back ? Set.of() : masked(step);
            return plan(masked, status(back ? ROLLED_BACK : HALTED, step, now, message));
        }

        RolloutPlan stay(String state, int step) {
            Set<String> masked = ROLLED_BACK.equals(state) ? Set.of() : masked(step);
            return plan(masked, status(state, step, parseTime(current.stepStarted, now), current.message));
        }

        RolloutPlan complete(String event) {
            if (event != null) {
                events.add(event);
            }
            Set<String> all = new TreeSet<>(keys(targets));
            String message = "template " + newHash + " is on all targets";
            boolean already = current != null && newHash.equals(current.templateHash) && COMPLETE.equals(current.state);
            Instant since = already ? parseTime(current.stepStarted, now) : now;
            return plan(all, status(COMPLETE, steps.size(), since, message));
        }

        /** Targets of the masks of steps 0..step. */
        private Set<String> masked(int step) {
            Set<String> keys = new TreeSet<>();
            for (int i = 0; i <= step && i < steps.size(); i++) {
                keys.addAll(keys(Masks.apply(steps.get(i), targets)));
            }
            return keys;
        }

        private RolloutPlan plan(Set<String> withNew, BindingStatus.RolloutStatus status) {
            Map<String, String> desired = new LinkedHashMap<>();
            for (Placed t : targets) {
                String hash = withNew.contains(t.key()) ? newHash : previousHash;
                if (hash != null) {
                    desired.put(t.key(), hash);
                }
            }
            return new RolloutPlan(desired, status, events);
        }

        private BindingStatus.RolloutStatus status(String state, int step, Instant since, String message) {
            var s = new BindingStatus.RolloutStatus();
            s.templateHash = newHash;
            s.previousTemplateHash = previousHash;
            boolean sameHash = current != null && newHash.equals(current.templateHash);
            s.previousTemplate = sameHash ? current.previousTemplate : null;
            s.step = step;
            s.state = state;
            s.stepStarted = since.toString();
            s.message = message;
            return s;
        }

        private Observed observedOf(Placed t) {
            Observed o = observed.get(t.key());
            return o == null ? new Observed(null, Observed.UNKNOWN) : o;
        }

        private String stepName(int step) {
            return "step " + (step + 1) + " of " + steps.size();
        }

        private static List<String> keys(List<Placed> placed) {
            return placed.stream().map(Placed::key).sorted().toList();
        }
    }
}
