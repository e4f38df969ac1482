package dev.arca.engine.backup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.ArcaException;
import dev.arca.api.Problem;
import dev.arca.archive.ArchiveWriter;
import dev.arca.archive.ItemKey;
import dev.arca.engine.ProgressListener;
import dev.arca.engine.RunLog;
import dev.arca.engine.discovery.ResourceType;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Lists the items of one type page by page ({@code limit}/{@code continue}) and streams each
 * selected item into the archive. Keeps no item after it is written, so memory stays at about one
 * page per type being listed. A type that fails to list is an error in the outcome, not an abort.
 */
final class Collector {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final KubernetesClient client;
    private final Scope scope;
    private final ArchiveWriter archive;
    private final List<ItemAction> actions;
    private final int pageSize;
    private final ProgressListener listener;
    private final RunLog log;
    private final Consumer<Problem> errors;
    /** resource → names of related cluster-scoped items still to fetch. */
    final Map<String, Set<String>> related = new ConcurrentHashMap<>();

    Collector(KubernetesClient client, Scope scope, ArchiveWriter archive, List<ItemAction> actions, int pageSize,
              ProgressListener listener, RunLog log, Consumer<Problem> errors) {
        this.client = client;
        this.scope = scope;
        this.archive = archive;
        this.actions = actions;
        this.pageSize = pageSize;
        this.listener = listener;
        this.log = log;
        this.errors = errors;
    }

    /** Collects every selected item of {@code type}. */
    void collect(ResourceType type) {
        MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> op =
                client.genericKubernetesResources(type.context());
        if (!type.namespaced() || scope.listClusterWide()) {
            listAll(type, op, null);
        } else {
            for (String ns : scope.namespaces()) {
                listAll(type, op, ns);
            }
        }
    }

    private void listAll(ResourceType type, MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>> op, String namespace) {
        String token = null;
        long count = 0;
        try {
            do {
                ListOptionsBuilder options = new ListOptionsBuilder().withLimit((long) pageSize).withContinue(token);
                if (scope.selector() != null) {
                    options.withLabelSelector(scope.selector().toString());
                }
                GenericKubernetesResourceList page = namespace == null
                        ? (type.namespaced() ? op.inAnyNamespace().list(options.build()) : op.list(options.build()))
                        : op.inNamespace(namespace).list(options.build());
                for (GenericKubernetesResource item : page.getItems()) {
                    if (accept(type, item)) {
                        write(type, item);
                        count++;
                    }
                }
                token = page.getMetadata() == null ? null : page.getMetadata().getContinue();
            } while (token != null && !token.isEmpty());
        } catch (KubernetesClientException e) {
            String where = namespace == null ? "" : " in namespace " + namespace;
            errors.accept(new Problem(namespace, type.resource(), null,
                    "cannot list " + type.resource() + where + ": " + reason(e)));
            return;
        }
        if (count > 0) {
            log.info("backed up " + count + " " + type.resource() + (namespace == null ? "" : " in " + namespace));
        }
    }

    private boolean accept(ResourceType type, GenericKubernetesResource item) {
        if (type.namespaced() && !scope.namespaceIncluded(item.getMetadata().getNamespace())) {
            return false;
        }
        return scope.labelsMatch(item.getMetadata().getLabels());
    }

    /** Writes one item: related items noted, apiVersion/kind set (lists omit them), managedFields dropped. */
    void write(ResourceType type, GenericKubernetesResource item) {
        for (ItemAction action : actions) {
            action.act(type, item, (resource, name) -> related.computeIfAbsent(resource, r -> ConcurrentHashMap.newKeySet()).add(name));
        }
        item.setApiVersion(type.apiVersion());
        item.setKind(type.kind());
        item.getMetadata().setManagedFields(null);
        String ns = type.namespaced() ? item.getMetadata().getNamespace() : null;
        try {
            archive.add(new ItemKey(type.resource(), ns, item.getMetadata().getName()), JSON.writeValueAsBytes(item));
        } catch (JsonProcessingException e) {
            throw new ArcaException("cannot serialise " + type.resource() + " " + item.getMetadata().getName() + ": " + e.getMessage(), e);
        }
        listener.itemDone();
    }

    static String reason(KubernetesClientException e) {
        if (e.getCode() == 403) {
            return "forbidden (HTTP 403): the credentials may not list it; grant 'list' on it or exclude it with --exclude-resources";
        }
        String status = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
        return (e.getCode() > 0 ? "HTTP " + e.getCode() + ": " : "") + status;
    }
}
