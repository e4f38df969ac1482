package dev.arca.engine.backup;

import dev.arca.api.ArcaException;
import dev.arca.api.BackupLocationSpec;
import dev.arca.api.BackupSpec;
import dev.arca.api.Outcome;
import dev.arca.api.Phase;
import dev.arca.api.Problem;
import dev.arca.archive.ArchiveWriter;
import dev.arca.archive.ArchiveJson;
import dev.arca.archive.BackupManifest;
import dev.arca.archive.LocationLayout;
import dev.arca.engine.ClusterAccess;
import dev.arca.engine.EngineOptions;
import dev.arca.engine.KubeRetry;
import dev.arca.engine.Plugins;
import dev.arca.engine.ProgressListener;
import dev.arca.engine.RunLog;
import dev.arca.engine.blueprint.BlueprintArtifact;
import dev.arca.engine.blueprint.BlueprintBackupper;
import dev.arca.engine.blueprint.BlueprintPods;
import dev.arca.engine.blueprint.Blueprints;
import dev.arca.engine.discovery.ClusterDiscovery;
import dev.arca.engine.discovery.ResourceType;
import dev.arca.engine.hooks.BackupHookRun;
import dev.arca.engine.hooks.HookPod;
import dev.arca.engine.hooks.PodExec;
import dev.arca.engine.hooks.RunningPods;
import dev.arca.engine.volume.LazyRepository;
import dev.arca.engine.volume.PodVolumes;
import dev.arca.engine.volume.VolumeBackup;
import dev.arca.engine.volume.VolumeBackupper;
import dev.arca.storage.ObjectStore;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one backup: probe the cluster, discover types, resolve the scope, collect types in
 * parallel (bounded), add related cluster-scoped items, and finish the archive. Items that fail
 * make the backup PartiallyFailed. A failure of the whole run after the archive was started (a
 * location that stops answering, say) throws, discards every data file, and records the backup as
 * Failed when the location can still be written; a cluster that cannot be reached at all throws
 * before anything is written.
 */
public final class BackupRunner {
    private static final Logger LOG = LoggerFactory.getLogger(BackupRunner.class);
    private static final String CRDS = "customresourcedefinitions.apiextensions.k8s.io";
    private final KubernetesClient client;
    private final ObjectStore store;
    private final EngineOptions options;
    private final List<ItemAction> actions;
    private final Blueprints blueprints;

    public BackupRunner(KubernetesClient client, ObjectStore store, EngineOptions options) {
        this(client, store, options, Blueprints.builtIn());
    }

    /** A runner that knows {@code blueprints} (the built-in ones and the user's files, see {@link Blueprints#builtInAnd}). */
    public BackupRunner(KubernetesClient client, ObjectStore store, EngineOptions options, Blueprints blueprints) {
        this(client, store, options, blueprints, Plugins.builtIn());
    }

    /** As above, with the {@link ItemAction}s {@code plugins} provides (the built-in ones and those of plugin jars). */
    public BackupRunner(KubernetesClient client, ObjectStore store, EngineOptions options, Blueprints blueprints, Plugins plugins) {
        this.blueprints = blueprints;
        this.client = client;
        this.store = store;
        this.options = options;
        this.actions = plugins.load(ItemAction.class);
    }

    public BackupManifest run(String name, BackupSpec spec, ProgressListener listener) {
        return run(name, spec, listener, null, null);
    }

    /**
     * Runs backup {@code name} as run {@code run} (null: a fresh random name), taking over the
     * writer claim a dead run {@code takeOverFrom} left, if any: the server resumes a backup
     * this way after it crashed or failed over. Volume data the dead run stored is found by
     * deduplication and not uploaded again.
     */
    public BackupManifest run(String name, BackupSpec spec, ProgressListener listener, String run, String takeOverFrom) {
        BackupLocationSpec.validateName("backup", name);
        MDC.put("backup", name);
        try {
            Instant started = options.clock().instant();
            String version = ClusterAccess.version(client);
            try (ArchiveWriter archive = run == null ? ArchiveWriter.create(store, name)
                    : ArchiveWriter.resume(store, name, dev.arca.archive.ArchiveOptions.defaults(), run, takeOverFrom)) {
                try {
                    return run(name, spec, listener, started, version, archive);
                } catch (RuntimeException e) {
                    Problem cause = new Problem(null, null, null, e.getMessage() != null ? e.getMessage()
                            : e.getClass().getSimpleName() + " while backing up (no message; run with --verbose for the stack trace)");
                    Instant expires = started.plus(spec.ttl() == null ? BackupSpec.DEFAULT_TTL : spec.ttl());
                    archive.recordFailure(new BackupManifest(BackupManifest.FORMAT_VERSION, name, spec, Phase.Failed, started,
                            null, expires, version, null, 0, new Outcome(List.of(), List.of(cause)), null));
                    throw e;
                }
            }
        } finally {
            MDC.remove("backup");
        }
    }

    private BackupManifest run(String name, BackupSpec spec, ProgressListener listener, Instant started,
                               String version, ArchiveWriter archive) {
        RunLog log = new RunLog(archive::log, LOG, options.clock());
        List<Problem> warnings = Collections.synchronizedList(new ArrayList<>());
        List<Problem> errors = Collections.synchronizedList(new ArrayList<>());
        log.info("backup " + name + " started on cluster " + client.getMasterUrl() + " (Kubernetes " + version + ")");
        listener.step("discovering");
        KubeRetry retry = new KubeRetry(log::warn);
        List<ResourceType> types = ClusterAccess.call(client, () -> retry.call("discover the API groups",
                () -> new ClusterDiscovery(client).discover(problem(warnings, listener, log, false))));
        RawList lister = new RawList(client, Collector.JSON, retry, log::warn);
        List<String> namespaces = namespaceNames(lister, types);
        Scope scope = Scope.resolve(spec, types, namespaces, crdNames(lister, types, warnings));
        Scope.unmatchedIncludes(spec, types, namespaces).forEach(problem(warnings, listener, log, false));
        log.info("selected " + scope.namespaces().size() + " namespaces, " + scope.namespacedTypes().size()
                + " namespaced and " + scope.clusterTypes().size() + " cluster-scoped types");
        listener.step("backing up");
        PodVolumes pods = new PodVolumes(Boolean.TRUE.equals(spec.defaultVolumesToFsBackup()));
        BlueprintPods blueprintPods = new BlueprintPods();
        List<ItemAction> runActions = new ArrayList<>(actions);
        runActions.add((type, item, related) -> {
            if (type.resource().equals("pods")) {
                pods.observe(item.json());
                blueprintPods.observe(item.json());
            }
        });
        Collector collector = new Collector(lister, scope, archive, runActions, options.pageSize(), listener, log,
                problem(errors, listener, log, true));
        List<ResourceType> all = new ArrayList<>(scope.namespacedTypes());
        all.addAll(scope.clusterTypes());
        BackupHookRun hooks = hooks(spec, scope, retry, log, problem(warnings, listener, log, false), problem(errors, listener, log, true));
        String preFailed = hooks.runPre();
        if (preFailed != null) {
            hooks.runPost(true);
            throw new ArcaException(preFailed);
        }
        try (LazyRepository repository = new LazyRepository(store)) {
            inParallel(all, collector::collect);
            addRelated(scope, types, collector, retry, problem(warnings, listener, log, false), problem(errors, listener, log, true));
            backUpVolumes(name, spec, pods, repository, archive, retry, log, listener, problem(errors, listener, log, true));
            backUpBlueprints(name, blueprintPods, repository, archive, log, listener, problem(errors, listener, log, true));
        } finally {
            hooks.runPost(false);
        }
        Instant completed = options.clock().instant();
        Phase phase = errors.isEmpty() ? Phase.Completed : Phase.PartiallyFailed;
        Instant expires = completed.plus(spec.ttl() == null ? BackupSpec.DEFAULT_TTL : spec.ttl());
        log.info("backup " + name + " " + phase + " with " + warnings.size() + " warnings and " + errors.size() + " errors");
        BackupManifest draft = new BackupManifest(1, name, spec, phase, started, completed, expires, version,
                null, 0, new Outcome(warnings, errors), null);
        return archive.finish(draft);
    }

    /** The exec hooks of the backup's Running pods (only when it takes pods), resolved before any runs. */
    private BackupHookRun hooks(BackupSpec spec, Scope scope, KubeRetry retry, RunLog log, Consumer<Problem> warn,
                                Consumer<Problem> errors) {
        boolean takesPods = scope.namespacedTypes().stream().anyMatch(t -> t.resource().equals("pods"));
        boolean rules = spec.hooks() != null && !spec.hooks().resources().isEmpty();
        List<HookPod> pods = takesPods ? RunningPods.list(client, scope.namespaces(), scope.listClusterWide(), rules,
                scope::labelsMatch, retry, log) : List.of();
        return new BackupHookRun(spec.hooks(), pods, new PodExec(client), log, warn, errors);
    }

    /** The data of the claims the backed-up pods mount, into the location's repository; recorded in volumes.json. */
    private void backUpVolumes(String name, BackupSpec spec, PodVolumes pods, LazyRepository repository, ArchiveWriter archive,
                               KubeRetry retry, RunLog log, ProgressListener listener, Consumer<Problem> errors) {
        List<PodVolumes.Claim> claims = pods.claims();
        if (claims.isEmpty()) {
            return;
        }
        try {
            List<VolumeBackup> volumes = new VolumeBackupper(client, repository, options.volumeSources(), retry, log, listener)
                    .backUp(name, spec.volumePolicy(), claims, errors);
            archive.addFile(LocationLayout.VOLUMES, ArchiveJson.mapper().writeValueAsBytes(volumes));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ArcaException("cannot record the volumes of backup " + name + ": " + e.getMessage(), e);
        }
    }

    /** The blueprint actions of the backed-up workloads, streamed into the location's repository; recorded in blueprints.json. */
    private void backUpBlueprints(String name, BlueprintPods pods, LazyRepository repository, ArchiveWriter archive, RunLog log,
                                  ProgressListener listener, Consumer<Problem> errors) {
        if (pods.isEmpty()) {
            return;
        }
        listener.step("running blueprints");
        List<BlueprintArtifact> done = new BlueprintBackupper(client, repository, blueprints, log).backUp(name, pods, errors);
        try {
            archive.addFile(BlueprintArtifact.FILE, ArchiveJson.mapper().writeValueAsBytes(done));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ArcaException("cannot record the blueprints of backup " + name + ": " + e.getMessage(), e);
        }
    }

    private void inParallel(List<ResourceType> types, Consumer<ResourceType> work) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(options.parallelism(), Math.max(1, types.size())));
        try {
            List<Future<?>> futures = types.stream().map(t -> pool.submit(() -> work.accept(t))).collect(Collectors.toList());
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ArcaException("backup interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new ArcaException("backup failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Namespace objects of the included namespaces, then items named by item actions. A related
     * item that cannot be read, after the retries, is an error of that item.
     */
    private void addRelated(Scope scope, List<ResourceType> types, Collector collector, KubeRetry retry, Consumer<Problem> warn,
                            Consumer<Problem> errors) {
        Map<String, ResourceType> byResource = types.stream().collect(Collectors.toMap(ResourceType::resource, t -> t, (a, b) -> a));
        Set<String> listed = scope.clusterTypes().stream().map(ResourceType::resource).collect(Collectors.toSet());
        if (!scope.namespacedTypes().isEmpty() || !scope.clusterTypes().isEmpty()) {
            scope.namespaces().forEach(ns -> collector.related.computeIfAbsent("namespaces", r -> ConcurrentHashMap.newKeySet()).add(ns));
        }
        relateServiceAccountBindings(scope, byResource.get(ClusterRoleOfBinding.CLUSTER_ROLE_BINDINGS), listed, collector, retry, warn);
        for (var entry : new java.util.TreeMap<>(collector.related).entrySet()) {
            ResourceType type = byResource.get(entry.getKey());
            boolean noClusterItems = Boolean.FALSE.equals(scope.spec().includeClusterResources());
            if (noClusterItems && !entry.getKey().equals("namespaces")) {
                continue; // asked for none: only the Namespace objects of the included namespaces come
            }
            if (type == null || listed.contains(entry.getKey()) || !scope.relatedAllowed(type.resource(), type.kind())) {
                continue;
            }
            for (String name : entry.getValue().stream().sorted().toList()) {
                if (type.resource().equals(CRDS) && !scope.crdNames().contains(name)) {
                    continue;
                }
                addRelated(type, name, collector, retry, warn, errors);
            }
        }
    }

    /**
     * The ClusterRoleBindings that bind a backed-up namespace's ServiceAccounts, and their
     * ClusterRoles, become related items: one LIST of all ClusterRoleBindings per backup. Only when
     * ServiceAccounts are backed up, cluster-scoped items are not refused, and the bindings are
     * neither excluded nor listed in full already. A failed LIST is a warning: the rest goes on.
     */
    private void relateServiceAccountBindings(Scope scope, ResourceType bindings, Set<String> listed, Collector collector,
                                              KubeRetry retry, Consumer<Problem> warn) {
        boolean takesServiceAccounts = scope.namespacedTypes().stream().anyMatch(t -> t.resource().equals("serviceaccounts"));
        if (bindings == null || !takesServiceAccounts || Boolean.FALSE.equals(scope.spec().includeClusterResources())
                || listed.contains(bindings.resource()) || !scope.relatedAllowed(bindings.resource(), bindings.kind())) {
            return;
        }
        List<com.fasterxml.jackson.databind.JsonNode> items;
        try {
            items = retry.call("list " + bindings.resource(), () -> client.genericKubernetesResources(bindings.context()).list())
                    .getItems().stream().map(i -> (com.fasterxml.jackson.databind.JsonNode) Collector.JSON.valueToTree(i)).toList();
        } catch (KubernetesClientException e) {
            warn.accept(new Problem(null, bindings.resource(), null, "cannot list ClusterRoleBindings, so those of the backed-up "
                    + "ServiceAccounts do not come along: " + Collector.reason(e)));
            return;
        }
        ServiceAccountBindings.relate(items, scope.namespaces(),
                (resource, name) -> collector.related.computeIfAbsent(resource, r -> ConcurrentHashMap.newKeySet()).add(name));
    }

    private void addRelated(ResourceType type, String name, Collector collector, KubeRetry retry, Consumer<Problem> warn,
                            Consumer<Problem> errors) {
        GenericKubernetesResource item;
        try {
            item = retry.call("get " + type.resource() + " " + name,
                    () -> client.genericKubernetesResources(type.context()).withName(name).get());
        } catch (KubernetesClientException e) {
            errors.accept(new Problem(null, type.resource(), name, "related item not backed up, it could not be read: "
                    + Collector.reason(e)));
            return;
        }
        if (item == null) {
            warn.accept(new Problem(null, type.resource(), name, "related item is gone; not backed up"));
        } else {
            collector.write(type, item);
        }
    }

    /** Every namespace's name; the run cannot go on without them. */
    private List<String> namespaceNames(RawList lister, List<ResourceType> types) {
        ResourceType type = types.stream().filter(t -> t.resource().equals("namespaces")).findFirst()
                .orElseThrow(() -> new ArcaException("the Kubernetes API at " + client.getMasterUrl() + " serves no namespaces"));
        try {
            return lister.names(type, options.pageSize());
        } catch (RawList.Failure e) {
            String message = "cannot list the namespaces of " + client.getMasterUrl() + ": " + (e.code == 403
                    ? "forbidden (HTTP 403): a backup needs 'list' on namespaces; grant it to the kubeconfig's user"
                    : Collector.reason(e.code, e.getMessage()));
            // credentials the cluster refuses are invalid input, as ClusterAccess.translate has them
            throw e.code == 401 || e.code == 403 ? new ArcaException.InvalidInput(message) : new ArcaException(message);
        } catch (IOException | KubernetesClientException e) {
            throw new ArcaException("cannot list the namespaces of " + client.getMasterUrl() + ": " + e.getMessage(), e);
        }
    }

    /** The names of the cluster's CRDs; without them custom resources come without their definitions (a warning). */
    private Set<String> crdNames(RawList lister, List<ResourceType> types, List<Problem> warnings) {
        String cannot = "cannot list CRDs, custom resources will come without their definitions: ";
        ResourceType type = types.stream().filter(t -> t.resource().equals(CRDS)).findFirst().orElse(null);
        if (type == null) {
            return Set.of(); // the cluster serves no CRDs, so there are no custom resources either
        }
        try {
            return Set.copyOf(lister.names(type, options.pageSize()));
        } catch (RawList.Failure e) {
            warnings.add(new Problem(null, CRDS, null, cannot + Collector.reason(e.code, e.getMessage())));
        } catch (IOException | KubernetesClientException e) {
            warnings.add(new Problem(null, CRDS, null, cannot + e.getMessage()));
        }
        return Set.of();
    }

    private static Consumer<Problem> problem(List<Problem> into, ProgressListener listener, RunLog log, boolean error) {
        return p -> {
            into.add(p);
            listener.problem(error, p);
            log.item(error ? "error" : "warning", p.message(), p.resource(), p.namespace(), p.name());
        };
    }
}
