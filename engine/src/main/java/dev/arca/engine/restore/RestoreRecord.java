package dev.arca.engine.restore;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.arca.api.Outcome;
import dev.arca.api.Phase;
import dev.arca.api.RestoreSpec;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * A restore as stored in its location ({@code restores/<name>/restore.json}): what was asked,
 * what happened, the count of items by {@link ItemOutcome}, what each transform (mapper or
 * modifier rule) matched and changed, and what each post-restore exec hook did.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RestoreRecord(String name, RestoreSpec spec, Phase phase, Instant started, Instant completed,
                            String clusterVersion, Map<ItemOutcome, Long> counts, Outcome outcome, String failure,
                            java.util.List<dev.arca.engine.volume.VolumeRestore> volumes,
                            java.util.List<dev.arca.engine.transform.TransformReport> transforms,
                            java.util.List<dev.arca.engine.hooks.HookResult> hooks) {
    /** A record of a restore without transforms or hook results. */
    public RestoreRecord(String name, RestoreSpec spec, Phase phase, Instant started, Instant completed,
                         String clusterVersion, Map<ItemOutcome, Long> counts, Outcome outcome, String failure,
                         java.util.List<dev.arca.engine.volume.VolumeRestore> volumes) {
        this(name, spec, phase, started, completed, clusterVersion, counts, outcome, failure, volumes, null, null);
    }

    public RestoreRecord {
        volumes = volumes == null ? java.util.List.of() : java.util.List.copyOf(volumes);
        transforms = transforms == null ? java.util.List.of() : java.util.List.copyOf(transforms);
        hooks = hooks == null ? java.util.List.of() : java.util.List.copyOf(hooks);
        counts = counts == null ? Map.of() : new TreeMap<>(counts);
        outcome = outcome == null ? Outcome.EMPTY : outcome;
    }

    public long count(ItemOutcome o) {
        return counts.getOrDefault(o, 0L);
    }
}
