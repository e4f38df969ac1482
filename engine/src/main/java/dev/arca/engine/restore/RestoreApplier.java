package dev.arca.engine.restore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.api.ExistingResourcePolicy;
import dev.arca.archive.ItemKey;
import dev.arca.engine.KubeRetry;
import dev.arca.engine.discovery.ResourceType;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only class that writes to the API server during a restore. Creates an item; when it exists
 * already, compares it with the backup through a server-side-apply dry run (so server defaults
 * count as equal) and either leaves it (policy none) or applies the backup over it (policy update).
 * Thread-safe.
 */
public final class RestoreApplier {
    static final String FIELD_MANAGER = "arca";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(RestoreApplier.class);
    private final KubernetesClient client;
    private final ExistingResourcePolicy policy;
    private final boolean restoreStatus;
    /** target namespace → null when usable, else why not. */
    private final Map<String, String> namespaces = new ConcurrentHashMap<>();
    private final KubeRetry retry = new KubeRetry(LOG::warn);

    /**
     * @param restoreStatus after creating an item whose backup holds a status, write that status
     *                      through the status subresource (a create drops it for such types)
     */
    public RestoreApplier(KubernetesClient client, ExistingResourcePolicy policy, boolean restoreStatus) {
        this.client = client;
        this.policy = policy;
        this.restoreStatus = restoreStatus;
    }

    /**
     * The outcome of one item: its new uid when created, a message when it failed or differs, and
     * a warning when it was created but not entirely as backed up (its status).
     */
    public record Applied(ItemOutcome outcome, String uid, String message, String warning, boolean freed) {
        Applied(ItemOutcome outcome, String uid, String message) {
            this(outcome, uid, message, null, false);
        }

        Applied(ItemOutcome outcome, String uid, String message, String warning) {
            this(outcome, uid, message, warning, false);
        }
    }

    public Applied apply(ItemKey key, ObjectNode desired) {
        return apply(key, desired, Map.of());
    }

    /**
     * Creates the item, or handles it as existing.
     *
     * @param createOnly annotations given to the item only if this call creates it (never written
     *                   over an existing object): marks of what this restore made
     * @return what happened; {@code freed} when a Released volume was freed for its restored claim
     */
    public Applied apply(ItemKey key, ObjectNode desired, Map<String, String> createOnly) {
        String ns = desired.path("metadata").path("namespace").asText(null);
        if (ns != null) {
            String unusable = namespaces.computeIfAbsent(ns, this::ensureNamespace);
            if (!unusable.isEmpty()) {
                return new Applied(ItemOutcome.failed, null, unusable);
            }
        }
        ObjectNode toCreate = desired;
        if (!createOnly.isEmpty()) {
            toCreate = desired.deepCopy();
            ObjectNode metadata = (ObjectNode) toCreate.get("metadata");
            JsonNode annotations = metadata.get("annotations");
            ObjectNode into = annotations instanceof ObjectNode o ? o : metadata.putObject("annotations");
            createOnly.forEach(into::put);
        }
        Resource<GenericKubernetesResource> create = resource(key, toCreate, ns, JSON.convertValue(toCreate, GenericKubernetesResource.class));
        try {
            // retried on transient failures; a create that landed but whose answer was lost comes back as 409: handled as existing
            GenericKubernetesResource created = retry.call("create " + key, create::create);
            String warning = restoreStatus ? writeStatus(key, desired, ns, created) : null;
            return new Applied(ItemOutcome.created, created.getMetadata().getUid(), null, warning);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                return new Applied(ItemOutcome.failed, null, reason(e));
            }
        }
        Resource<GenericKubernetesResource> op = createOnly.isEmpty() ? create
                : resource(key, desired, ns, JSON.convertValue(desired, GenericKubernetesResource.class));
        if (key.resource().equals("persistentvolumes")) {
            Applied rebound = rebindReleasedVolume(op, desired);
            if (rebound != null) {
                return rebound;
            }
        }
        return existing(op);
    }

    /**
     * A Retain volume whose claim was deleted with its namespace stays Released, bound to the old
     * claim's uid, and would never bind to the restored claim. When the backup's claimRef names the
     * same claim, the stale uid is removed so the volume binds again; its data is not touched.
     */
    private Applied rebindReleasedVolume(Resource<GenericKubernetesResource> op, ObjectNode desired) {
        try {
            GenericKubernetesResource live = op.get();
            if (live == null) {
                return null;
            }
            JsonNode liveTree = JSON.valueToTree(live);
            JsonNode liveClaim = liveTree.path("spec").path("claimRef");
            JsonNode wanted = desired.path("spec").path("claimRef");
            boolean released = "Released".equals(liveTree.path("status").path("phase").asText());
            if (!released || !liveClaim.hasNonNull("uid") || wanted.isMissingNode()
                    || !liveClaim.path("namespace").equals(wanted.path("namespace")) || !liveClaim.path("name").equals(wanted.path("name"))) {
                return null;
            }
            StringBuilder patch = new StringBuilder("[{\"op\":\"remove\",\"path\":\"/spec/claimRef/uid\"}");
            if (liveClaim.hasNonNull("resourceVersion")) {
                patch.append(",{\"op\":\"remove\",\"path\":\"/spec/claimRef/resourceVersion\"}");
            }
            op.patch(PatchContext.of(PatchType.JSON), patch.append(']').toString());
            return new Applied(ItemOutcome.updated, live.getMetadata().getUid(), "released volume freed for its restored claim "
                    + wanted.path("namespace").asText() + "/" + wanted.path("name").asText(), null, true);
        } catch (KubernetesClientException e) {
            return new Applied(ItemOutcome.failed, null, "exists as a Released volume and could not be freed: " + reason(e));
        }
    }

    /**
     * An item that exists already. A comparison the API server cannot make (its dry run refuses the
     * backup's version) is a warning under policy none, which writes nothing anyway; under policy
     * update the refused write is the item's error.
     */
    private Applied existing(Resource<GenericKubernetesResource> op) {
        Existing compared;
        try {
            compared = compare(op);
        } catch (KubernetesClientException e) {
            if (policy == ExistingResourcePolicy.none) {
                return new Applied(ItemOutcome.existsDiffers, null, "exists in the cluster and could not be compared with "
                        + "the backup (the server refused the backup's version: " + reason(e) + "); left as it is");
            }
            return new Applied(ItemOutcome.failed, null, "exists, and the backup's version cannot be applied over it: " + reason(e));
        }
        String uid = compared.exists() ? compared.live().path("metadata").path("uid").asText(null) : null;
        if (compared.identical()) {
            return new Applied(ItemOutcome.existsIdentical, uid, null);
        }
        if (policy == ExistingResourcePolicy.none) {
            return new Applied(ItemOutcome.existsDiffers, uid,
                    "exists in the cluster and differs from the backup; left as it is (use --existing-resource-policy update to overwrite)");
        }
        try {
            GenericKubernetesResource updated = op.fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
            return new Applied(ItemOutcome.updated, updated.getMetadata().getUid(), null);
        } catch (KubernetesClientException e) {
            return new Applied(ItemOutcome.failed, uid, "exists, and updating it failed: " + reason(e));
        }
    }

    /**
     * Writes the backup's status over what the create left (the API server drops status from a
     * create when the type has a status subresource). Returns a warning when it could not.
     */
    private String writeStatus(ItemKey key, ObjectNode desired, String ns, GenericKubernetesResource created) {
        JsonNode status = desired.get("status");
        if (status == null || status.isNull() || status.isEmpty() || status.equals(JSON.valueToTree(created).get("status"))) {
            return null;
        }
        created.setAdditionalProperty("status", JSON.convertValue(status, Object.class));
        try {
            resource(key, desired, ns, created).updateStatus();
            return null;
        } catch (KubernetesClientException e) {
            return "created without its status: writing the status failed: " + reason(e);
        }
    }

    private Resource<GenericKubernetesResource> resource(ItemKey key, ObjectNode desired, String ns, GenericKubernetesResource item) {
        String apiVersion = desired.path("apiVersion").asText();
        int slash = apiVersion.indexOf('/');
        ResourceDefinitionContext ctx = new ResourceDefinitionContext.Builder()
                .withGroup(slash < 0 ? "" : apiVersion.substring(0, slash))
                .withVersion(slash < 0 ? apiVersion : apiVersion.substring(slash + 1))
                .withKind(desired.path("kind").asText())
                .withPlural(ResourceType.pluralOf(key.resource()))
                .withNamespaced(key.namespace() != null)
                .build();
        var op = client.genericKubernetesResources(ctx);
        return ns == null ? op.resource(item) : op.inNamespace(ns).resource(item);
    }

    /**
     * An item as it is in the cluster and as it would be with the backup's version applied over it
     * (a server-side-apply dry run, so fields the server defaults count as equal).
     *
     * @param live    the live object, or null when it does not exist (then {@code wouldBe} is null too)
     * @param wouldBe the dry run's answer
     */
    public record Existing(JsonNode live, JsonNode wouldBe) {
        public boolean exists() {
            return live != null;
        }

        /** The restore's "exists, identical": equal but for the write bookkeeping ({@link #comparable}). */
        public boolean identical() {
            return live != null && comparable(live).equals(comparable(wouldBe));
        }
    }

    /**
     * Compares {@code desired} (an item as the restore would send it) with the live cluster. Writes
     * nothing: what a restore's "exists" check and {@code arca diff} both see.
     *
     * @throws KubernetesClientException when the server refuses the read or the dry run
     */
    public Existing compare(ItemKey key, ObjectNode desired) {
        String ns = desired.path("metadata").path("namespace").asText(null);
        return compare(resource(key, desired, ns, JSON.convertValue(desired, GenericKubernetesResource.class)));
    }

    private static Existing compare(Resource<GenericKubernetesResource> op) {
        GenericKubernetesResource live = op.get();
        if (live == null) {
            return new Existing(null, null);
        }
        GenericKubernetesResource wouldBe = op.dryRun().fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        return new Existing(JSON.valueToTree(live), JSON.valueToTree(wouldBe));
    }

    /**
     * What decides "identical": a copy of {@code item} without the write bookkeeping (managedFields,
     * resourceVersion, and generation, which the server bumps on any other difference of the spec).
     */
    public static JsonNode comparable(JsonNode item) {
        JsonNode tree = item.deepCopy();
        ItemTransformer.removeAll(tree.path("metadata"), "managedFields", "resourceVersion", "generation");
        return tree;
    }

    /** "" when the namespace exists or was created; otherwise why items cannot go there. */
    private String ensureNamespace(String ns) {
        try {
            Namespace live = client.namespaces().withName(ns).get();
            if (live == null) {
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
                return "";
            }
            if (live.getMetadata().getDeletionTimestamp() != null) {
                return "namespace " + ns + " is still terminating; wait until it is gone, or restore into another one with --namespace-mappings";
            }
            return "";
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return "";
            }
            return "cannot create namespace " + ns + ": " + reason(e);
        }
    }

    /** Waits until each CRD is Established (bounded); returns those that did not get there. */
    public List<String> awaitEstablished(Set<String> crdNames, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        List<String> pending = new ArrayList<>(crdNames);
        while (!pending.isEmpty() && Instant.now().isBefore(deadline)) {
            pending.removeIf(this::established);
            if (!pending.isEmpty()) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return pending;
    }

    private boolean established(String name) {
        CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().withName(name).get();
        return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream()
                .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    public static String reason(KubernetesClientException e) {
        String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
        if (e.getCode() == 404) {
            return "the cluster does not serve this type (HTTP 404): " + message;
        }
        return (e.getCode() > 0 ? "HTTP " + e.getCode() + ": " : "") + message;
    }
}
