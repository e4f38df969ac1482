package dev.arca.engine.volume;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

/**
 * The PVC-backed volumes of the pods a backup takes, noted as the pods stream past (thread-safe),
 * with what the pods' annotations ask for. Velero's annotations, under Arca's prefix:
 * {@value #VOLUMES} names the volumes to take (opt-in), {@value #EXCLUDES} the ones to leave
 * when every volume is taken by default (opt-out).
 */
public final class PodVolumes {
    public static final String VOLUMES = "backup.arca.dev/volumes";
    public static final String EXCLUDES = "backup.arca.dev/volumes-excludes";

    /** One pod's use of one claim: {@code wanted} is what the annotations and the default say. */
    public record PodVolume(String namespace, String pod, String podUid, String volume, String claim, boolean wanted) {
    }

    /** A claim with every pod that mounts it; wanted when any pod wants it. */
    public record Claim(String namespace, String name, List<PodVolume> uses) {
        public boolean wanted() {
            return uses.stream().anyMatch(PodVolume::wanted);
        }

        public String key() {
            return namespace + "/" + name;
        }
    }

    private final boolean byDefault;
    private final Queue<PodVolume> seen = new ConcurrentLinkedQueue<>();

    public PodVolumes(boolean byDefault) {
        this.byDefault = byDefault;
    }

    /** Notes the claims a pod mounts, from the pod's JSON. */
    public void observe(JsonNode pod) {
        JsonNode metadata = pod.path("metadata");
        JsonNode annotations = metadata.path("annotations");
        Set<String> optIn = names(annotations.path(VOLUMES).asText(null));
        Set<String> optOut = names(annotations.path(EXCLUDES).asText(null));
        for (JsonNode volume : pod.path("spec").path("volumes")) {
            String claimName = volume.path("persistentVolumeClaim").path("claimName").asText(null);
            String name = volume.path("name").asText(null);
            if (claimName != null && name != null) {
                boolean wanted = optIn.contains(name) || (byDefault && !optOut.contains(name));
                seen.add(new PodVolume(metadata.path("namespace").asText(null), metadata.path("name").asText(null),
                        metadata.path("uid").asText(null), name, claimName, wanted));
            }
        }
    }

    /** The claims seen, sorted by namespace and name. */
    public List<Claim> claims() {
        Map<String, List<PodVolume>> byClaim = seen.stream()
                .sorted((a, b) -> (a.namespace() + "/" + a.claim() + "/" + a.pod()).compareTo(b.namespace() + "/" + b.claim() + "/" + b.pod()))
                .collect(Collectors.groupingBy(p -> p.namespace() + "/" + p.claim(), LinkedHashMap::new, Collectors.toList()));
        return byClaim.values().stream().map(uses -> new Claim(uses.get(0).namespace(), uses.get(0).claim(), List.copyOf(uses))).toList();
    }

    private static Set<String> names(String annotation) {
        if (annotation == null) {
            return Set.of();
        }
        return Arrays.stream(annotation.split(",")).map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }
}
