package dev.arca.engine.volume;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The restorer's view of a cluster, held in maps: for unit tests of one class. */
final class FakeCluster implements VolumeRestorer.Cluster {
    final Map<String, PersistentVolume> volumes = new HashMap<>();
    final Map<String, PersistentVolumeClaim> claims = new HashMap<>();
    final List<String> cleared = new ArrayList<>();
    final java.util.Set<String> mountedClaims = new java.util.HashSet<>();
    private final Function<String, PersistentVolume> fallback;

    private FakeCluster(Function<String, PersistentVolume> fallback) {
        this.fallback = fallback;
    }

    static FakeCluster of(Function<String, PersistentVolume> volumes) {
        return new FakeCluster(volumes);
    }

    @Override
    public PersistentVolume volume(String name) {
        return volumes.containsKey(name) ? volumes.get(name) : fallback.apply(name);
    }

    @Override
    public PersistentVolumeClaim claim(String namespace, String name) {
        return claims.get(namespace + "/" + name);
    }

    @Override
    public List<PersistentVolume> volumes() {
        return List.copyOf(volumes.values());
    }

    @Override
    public boolean mounted(String namespace, String claim) {
        return mountedClaims.contains(namespace + "/" + claim);
    }

    @Override
    public void clearPending(String namespace, String name) {
        cleared.add(namespace == null ? name : namespace + "/" + name);
    }
}
