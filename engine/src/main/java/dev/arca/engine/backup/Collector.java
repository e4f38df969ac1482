package dev.arca.engine.backup;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.ArcaException;
import dev.arca.api.Problem;
import dev.arca.archive.ArchiveWriter;
import dev.arca.archive.ItemKey;
import dev.arca.engine.ProgressListener;
import dev.arca.engine.RunLog;
import dev.arca.engine.discovery.ResourceType;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Lists the items of one type page by page ({@code limit}/{@code continue}) and streams each
 * selected item into the archive as it is read from the response ({@link RawList}). Keeps no item
 * after it is written, so memory stays at about one item per type being listed. A type that fails
 * to list, after the retries of {@link RawList#all}, is an error in the outcome, not an abort.
 */
final class Collector {
    static final ObjectMapper JSON = new ObjectMapper();
    private final RawList lister;
    private final Scope scope;
    private final ArchiveWriter archive;
    private final List<ItemAction> actions;
    private final int pageSize;
    private final ProgressListener listener;
    private final RunLog log;
    private final Consumer<Problem> errors;
    /** "apiVersion|kind" → the start of each stored item of that type. */
    private final Map<String, byte[]> typeHeaders = new ConcurrentHashMap<>();
    private final ThreadLocal<ByteArrayOutputStream> buffer = ThreadLocal.withInitial(() -> new ByteArrayOutputStream(8192));
    /** resource → names of related cluster-scoped items still to fetch. */
    final Map<String, Set<String>> related = new ConcurrentHashMap<>();

    Collector(RawList lister, Scope scope, ArchiveWriter archive, List<ItemAction> actions, int pageSize,
              ProgressListener listener, RunLog log, Consumer<Problem> errors) {
        this.scope = scope;
        this.archive = archive;
        this.actions = actions;
        this.pageSize = pageSize;
        this.listener = listener;
        this.log = log;
        this.errors = errors;
        this.lister = lister;
    }

    /** Collects every selected item of {@code type}. */
    void collect(ResourceType type) {
        if (!type.namespaced() || scope.listClusterWide()) {
            listAll(type, null);
        } else {
            for (String ns : scope.namespaces()) {
                listAll(type, ns);
            }
        }
    }

    private void listAll(ResourceType type, String namespace) {
        String selector = scope.selector() == null ? null : scope.selector().toString();
        long[] count = {0};
        String where = namespace == null ? "" : " in namespace " + namespace;
        try {
            lister.all(type, namespace, new PageSizer(pageSize), selector, item -> {
                if (accept(type, item)) {
                    write(type, item);
                    count[0]++;
                }
            });
        } catch (RawList.Failure e) {
            errors.accept(new Problem(namespace, type.resource(), null,
                    "cannot list " + type.resource() + where + ": " + reason(e.code, e.getMessage())));
            return;
        } catch (IOException | KubernetesClientException e) {
            errors.accept(new Problem(namespace, type.resource(), null, "cannot list " + type.resource() + where
                    + " (" + count[0] + " items were backed up before): " + e.getMessage()));
            return;
        }
        if (count[0] > 0) {
            log.info("backed up " + count[0] + " " + type.resource() + (namespace == null ? "" : " in " + namespace));
        }
    }

    private boolean accept(ResourceType type, RawItem item) {
        if (type.namespaced() && !scope.namespaceIncluded(item.namespace())) {
            return false;
        }
        return scope.labelsMatch(item.labels());
    }

    /**
     * Writes one listed item: related items noted, then its bytes as {@link RawItem#stored} makes
     * them. An item whose name the archive cannot hold is an error of that item alone: the type and
     * the backup go on.
     */
    private void write(ResourceType type, RawItem item) {
        String namespace = type.namespaced() ? item.namespace() : null;
        ItemKey key;
        try {
            key = new ItemKey(type.resource(), namespace, item.name());
        } catch (ArcaException.InvalidInput e) {
            errors.accept(new Problem(namespace, type.resource(), item.name(), "not backed up: " + e.getMessage()));
            return;
        }
        act(type, item);
        byte[] header = typeHeaders.computeIfAbsent(type.apiVersion() + "|" + type.kind(),
                k -> RawItem.typeHeader(JSON, type.apiVersion(), type.kind()));
        byte[] bytes = item.stored(header, buffer.get());
        archive.add(key, bytes);
        listener.itemDone();
    }

    private void act(ResourceType type, ListedItem item) {
        for (ItemAction action : actions) {
            action.act(type, item, (resource, name) -> related.computeIfAbsent(resource, r -> ConcurrentHashMap.newKeySet()).add(name));
        }
    }

    /** Writes one item read through the typed client (a related item fetched by name), the same way as a listed one. */
    void write(ResourceType type, GenericKubernetesResource typed) {
        try {
            ByteWindow window = new ByteWindow(new ByteArrayInputStream(JSON.writeValueAsBytes(typed)));
            RawItem item = new RawItem(window, JSON);
            try (JsonParser parser = JSON.getFactory().createParser(window)) {
                parser.nextToken();
                item.scan(parser);
            }
            write(type, item);
        } catch (IOException e) {
            throw new ArcaException("cannot serialise " + type.resource() + " " + typed.getMetadata().getName() + ": " + e.getMessage(), e);
        }
    }

    static String reason(KubernetesClientException e) {
        String status = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
        return reason(e.getCode(), status);
    }

    static String reason(int code, String message) {
        if (code == 403) {
            return "forbidden (HTTP 403): the credentials may not list it; grant 'list' on it or exclude it with --exclude-resources";
        }
        return (code > 0 ? "HTTP " + code + ": " : "") + message;
    }
}
