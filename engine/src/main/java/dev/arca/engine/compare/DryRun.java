package dev.arca.engine.compare;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.api.ExistingResourcePolicy;
import dev.arca.archive.ItemKey;
import dev.arca.engine.restore.ItemOutcome;
import dev.arca.engine.restore.RestoreApplier;
import dev.arca.engine.restore.RestoreRunner;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The writer of a restore's dry run ({@link RestoreRunner#preview}): for each item, as the restore
 * transformed it, what the restore would do, and for an item that exists live the differences
 * between it and what the restore would make of it (the same server-side dry run that decides
 * "exists, identical"). Writes nothing. Thread-safe.
 */
public final class DryRun implements RestoreRunner.ItemWriter {
    /**
     * One item of the dry run.
     *
     * @param item    the object as the restore would send it
     * @param outcome what the restore would do: created, existsIdentical, existsDiffers (left as it
     *                is), updated (policy update) or failed (the server refuses it)
     * @param fields  for an existing object that differs: live (before) against what it would become (after)
     * @param message why it would fail, or a note
     */
    public record Preview(ItemKey key, ObjectNode item, ItemOutcome outcome, List<FieldChange> fields, String message) {
        public Preview {
            fields = List.copyOf(fields);
        }
    }

    private final RestoreApplier applier;
    private final ExistingResourcePolicy policy;
    private final List<Preview> previews = Collections.synchronizedList(new ArrayList<>());

    public DryRun(KubernetesClient client, ExistingResourcePolicy policy) {
        this.applier = new RestoreApplier(client, policy, false);
        this.policy = policy;
    }

    @Override
    public RestoreApplier.Applied apply(ItemKey key, ObjectNode desired, Map<String, String> createOnly) {
        Preview p = preview(key, desired);
        previews.add(p);
        String message = p.outcome() == ItemOutcome.created ? "would be created" : p.message();
        return new RestoreApplier.Applied(p.outcome(), null, message, null, false);
    }

    private Preview preview(ItemKey key, ObjectNode desired) {
        RestoreApplier.Existing live;
        try {
            live = applier.compare(key, desired);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) { // the type is not served (yet): a CRD the restore creates first, or none
                return new Preview(key, desired, ItemOutcome.created, List.of(), "its type is not served by the cluster yet: "
                        + "it would be created once a restored CRD serves it; " + RestoreApplier.reason(e));
            }
            return new Preview(key, desired, ItemOutcome.failed, List.of(), "the server refuses the backup's version: "
                    + RestoreApplier.reason(e));
        }
        if (!live.exists()) {
            return new Preview(key, desired, ItemOutcome.created, List.of(), null);
        }
        if (live.identical()) {
            return new Preview(key, desired, ItemOutcome.existsIdentical, List.of(), null);
        }
        List<FieldChange> fields = ObjectDiff.between(RestoreApplier.comparable(live.live()), RestoreApplier.comparable(live.wouldBe()));
        return policy == ExistingResourcePolicy.update
                ? new Preview(key, desired, ItemOutcome.updated, fields, "would be updated")
                : new Preview(key, desired, ItemOutcome.existsDiffers, fields,
                "exists in the cluster and differs from the backup; would be left as it is");
    }

    /** Every item so far, sorted by resource, namespace and name (the restore applies them in parallel). */
    public List<Preview> previews() {
        List<Preview> out;
        synchronized (previews) {
            out = new ArrayList<>(previews);
        }
        out.sort(java.util.Comparator.comparing(Preview::key, ComparedItems.ORDER));
        return out;
    }
}
