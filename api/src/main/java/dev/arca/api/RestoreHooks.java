package dev.arca.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.util.List;

/**
 * What a restore adds to the pods it restores, in Velero's restore {@code hooks:} shape: init
 * containers put first in the pod, and exec hooks run once the container is Ready. Pods' own
 * {@code init.hook.restore.velero.io/*} and {@code post.hook.restore.velero.io/*} annotations need
 * no spec and win over it.
 *
 * @param resources the rules, each naming the pods it applies to
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RestoreHooks(List<Rule> resources) {
    public static final Duration DEFAULT_EXEC_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_WAIT_TIMEOUT = Duration.ofMinutes(5);

    public RestoreHooks {
        resources = resources == null ? List.of() : List.copyOf(resources);
    }

    /** Refuses what {@link BackupHooks#validate()} refuses, and an init container without a name or image. */
    public RestoreHooks validate() {
        resources.forEach(Rule::check);
        return this;
    }

    /**
     * @param name               the rule's name, used in the log and the record
     * @param includedNamespaces namespace globs of the pods in the backup (before namespace mapping)
     * @param excludedNamespaces namespace globs to leave out
     * @param labelSelector      labels the pods carry, or null: any pod
     * @param postHooks          init containers and exec hooks, in order
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonIgnoreProperties({"includedResources", "excludedResources"})
    public record Rule(String name, List<String> includedNamespaces, List<String> excludedNamespaces,
                       HookSelector labelSelector, List<Step> postHooks) {
        public Rule {
            includedNamespaces = BackupSpec.copy(includedNamespaces);
            excludedNamespaces = BackupSpec.copy(excludedNamespaces);
            postHooks = postHooks == null ? List.of() : List.copyOf(postHooks);
        }

        void check() {
            if (name == null || name.isBlank()) {
                throw new ArcaException.InvalidInput("every restore hook rule needs a name (hooks.resources[].name)");
            }
            for (Step step : postHooks) {
                step.check("restore hook rule \"" + name + "\"");
            }
            if (labelSelector != null) {
                labelSelector.check();
            }
        }
    }

    /** One step: either {@code init} or {@code exec}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Step(Init init, Exec exec) {
        void check(String where) {
            if ((init == null) == (exec == null)) {
                throw new ArcaException.InvalidInput(where + " has a postHooks step with " + (init == null ? "neither" : "both")
                        + " 'init' and 'exec'; give exactly one");
            }
            if (exec != null) {
                exec.check(where);
            }
            if (init != null) {
                init.initContainers().forEach(c -> c.check(where));
            }
        }
    }

    /** Init containers to put before the pod's own. Velero's {@code timeout} here is accepted and ignored: the pod's start is not waited for. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonIgnoreProperties({"timeout"})
    public record Init(List<InitContainer> initContainers) {
        public Init {
            initContainers = initContainers == null ? List.of() : List.copyOf(initContainers);
        }
    }

    /**
     * @param name         the container's name
     * @param image        its image
     * @param command      its command, or empty: the image's
     * @param volumeMounts volumes of the pod it mounts
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record InitContainer(String name, String image, List<String> command, List<Mount> volumeMounts) {
        public InitContainer {
            command = command == null ? List.of() : List.copyOf(command);
            volumeMounts = volumeMounts == null ? List.of() : List.copyOf(volumeMounts);
        }

        void check(String where) {
            if (name == null || name.isBlank() || image == null || image.isBlank()) {
                throw new ArcaException.InvalidInput(where + " has an init container without a name or an image; give both");
            }
        }
    }

    /** A volume of the pod, mounted at a path. */
    public record Mount(String name, String mountPath) {
    }

    /**
     * @param container   the container to run in; null: the pod's first container
     * @param command     the command and its arguments
     * @param onError     Continue (default) or Fail (the restore is PartiallyFailed)
     * @param execTimeout how long the command may run; null: 30s
     * @param waitTimeout how long to wait for the container to be Ready; null: 5m
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Exec(String container, List<String> command, HookErrorMode onError, String execTimeout, String waitTimeout) {
        public Exec {
            command = command == null ? List.of() : List.copyOf(command);
        }

        void check(String where) {
            if (command.isEmpty()) {
                throw new ArcaException.InvalidInput(where + " exec hook has no command; give command: [\"/bin/sh\", \"-c\", \"...\"]");
            }
            if (execTimeout != null && !execTimeout.isBlank()) {
                Durations.parse(where + " execTimeout", execTimeout);
            }
            if (waitTimeout != null && !waitTimeout.isBlank()) {
                Durations.parse(where + " waitTimeout", waitTimeout);
            }
        }
    }
}
