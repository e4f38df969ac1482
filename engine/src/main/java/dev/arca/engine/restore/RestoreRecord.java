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
 * what happened, the count of items by {@link ItemOutcome}, and what each post-restore exec hook did.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RestoreRecord(String name, RestoreSpec spec, Phase phase, Instant started, Instant completed,
                            String clusterVersion, Map<ItemOutcome, Long> counts, Outcome outcome, String failure,
                            java.util.List<dev.arca.engine.volume.VolumeRestore> volumes,
                            java.util.List<dev.arca.engine.hooks.HookResult> hooks) {
    public RestoreRecord {
        volumes = volumes == null ? java.util.List.of() : java.util.List.copyOf(volumes);
        hooks = hooks == null ? java.util.List.of() : java.util.List.copyOf(hooks);
        counts = counts == null ? Map.of() : new TreeMap<>(counts);
        outcome = outcome == null ? Outcome.EMPTY : outcome;
    }

    /** A record without post-restore hook results. */
    public RestoreRecord(String name, RestoreSpec spec, Phase phase, Instant started, Instant completed, String clusterVersion,
                         Map<ItemOutcome, Long> counts, Outcome outcome, String failure,
                         java.util.List<dev.arca.engine.volume.VolumeRestore> volumes) {
        this(name, spec, phase, started, completed, clusterVersion, counts, outcome, failure, volumes, null);
    }

    public long count(ItemOutcome o) {
        return counts.getOrDefault(o, 0L);
    }
}
