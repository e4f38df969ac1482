package dev.arca.engine.volume;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
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

    /** Notes the claims a pod mounts. */
    @SuppressWarnings("unchecked")
    public void observe(GenericKubernetesResource pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations() == null ? Map.of() : pod.getMetadata().getAnnotations();
        Set<String> optIn = names(annotations.get(VOLUMES));
        Set<String> optOut = names(annotations.get(EXCLUDES));
        Object spec = pod.getAdditionalProperties().get("spec");
        if (!(spec instanceof Map<?, ?> specMap) || !(specMap.get("volumes") instanceof List<?> volumes)) {
            return;
        }
        for (Object v : volumes) {
            if (v instanceof Map<?, ?> volume && volume.get("persistentVolumeClaim") instanceof Map<?, ?> claim
                    && claim.get("claimName") instanceof String claimName && volume.get("name") instanceof String name) {
                boolean wanted = optIn.contains(name) || (byDefault && !optOut.contains(name));
                seen.add(new PodVolume(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), pod.getMetadata().getUid(),
                        name, claimName, wanted));
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
