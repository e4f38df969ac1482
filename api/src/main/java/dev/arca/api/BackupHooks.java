package dev.arca.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.util.List;

/**
 * Commands run in the backed-up pods' containers before and after the backup collects them, in
 * Velero's {@code hooks:} shape. Pods' own {@code pre./post.hook.backup.velero.io/*} annotations
 * need no spec; a pod with hook annotations of a phase runs those instead of the spec's.
 *
 * @param resources the rules, each naming the pods it applies to
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record BackupHooks(List<Rule> resources) {
    public BackupHooks {
        resources = resources == null ? List.of() : List.copyOf(resources);
    }

    /**
     * Refuses a rule without a name, a step without a command, or a timeout that does not parse, as
     * invalid input naming the rule. Not done on construction, so that a server reading a resource
     * always gets it and reports the problem on that resource.
     */
    public BackupHooks validate() {
        resources.forEach(Rule::check);
        return this;
    }

    /**
     * @param name               the rule's name, used in the log
     * @param includedNamespaces namespace globs the pods are in (empty: any)
     * @param excludedNamespaces namespace globs the pods are not in
     * @param labelSelector      labels the pods carry, or null: any pod
     * @param pre                run before the backup collects the pod's items and volume data
     * @param post               run after
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonIgnoreProperties({"includedResources", "excludedResources"})
    public record Rule(String name, List<String> includedNamespaces, List<String> excludedNamespaces,
                       HookSelector labelSelector, List<Step> pre, List<Step> post) {
        public Rule {
            includedNamespaces = BackupSpec.copy(includedNamespaces);
            excludedNamespaces = BackupSpec.copy(excludedNamespaces);
            pre = pre == null ? List.of() : List.copyOf(pre);
            post = post == null ? List.of() : List.copyOf(post);
        }

        void check() {
            if (name == null || name.isBlank()) {
                throw new ArcaException.InvalidInput("every backup hook rule needs a name (hooks.resources[].name)");
            }
            for (Step step : pre) {
                step.check("backup hook rule \"" + name + "\" pre");
            }
            for (Step step : post) {
                step.check("backup hook rule \"" + name + "\" post");
            }
            if (labelSelector != null) {
                labelSelector.check();
            }
        }
    }

    /** One step of a rule: an exec hook (Velero's {@code - exec: {...}}). */
    public record Step(Exec exec) {
        void check(String where) {
            if (exec == null) {
                throw new ArcaException.InvalidInput(where + " has a step without 'exec'; give exec: {container, command}");
            }
            exec.check(where);
        }
    }

    /**
     * @param container the container to run in; null: the pod's first container
     * @param command   the command and its arguments (no shell unless it names one)
     * @param onError   Fail (default) or Continue
     * @param timeout   how long the command may run, Go-style ({@code 30s}, {@code 2m}); null: 30s
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Exec(String container, List<String> command, HookErrorMode onError, String timeout) {
        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

        public Exec {
            command = command == null ? List.of() : List.copyOf(command);
        }

        void check(String where) {
            if (command.isEmpty()) {
                throw new ArcaException.InvalidInput(where + " exec hook has no command; give command: [\"/bin/sh\", \"-c\", \"...\"]");
            }
            timeout(where);
        }

        /** The timeout, or the default. */
        public Duration timeout(String where) {
            return timeout == null || timeout.isBlank() ? DEFAULT_TIMEOUT : Durations.parse(where + " timeout", timeout);
        }
    }
}
