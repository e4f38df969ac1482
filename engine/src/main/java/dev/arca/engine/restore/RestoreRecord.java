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
 * what happened, and the count of items by {@link ItemOutcome}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RestoreRecord(String name, RestoreSpec spec, Phase phase, Instant started, Instant completed,
                            String clusterVersion, Map<ItemOutcome, Long> counts, Outcome outcome, String failure,
                            java.util.List<dev.arca.engine.volume.VolumeRestore> volumes) {
    public RestoreRecord {
        volumes = volumes == null ? java.util.List.of() : java.util.List.copyOf(volumes);
        counts = counts == null ? Map.of() : new TreeMap<>(counts);
        outcome = outcome == null ? Outcome.EMPTY : outcome;
    }

    public long count(ItemOutcome o) {
        return counts.getOrDefault(o, 0L);
    }
}
