package dev.arca.storage;

import dev.arca.api.ArcaException;
import dev.arca.api.BackupLocationSpec;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Opens a location's store through the provider registered under its name. */
public final class ObjectStores {
    private ObjectStores() {
    }

    /**
     * Opens the store, retrying transient failures ({@link RetryingObjectStore}) and refusing writes
     * to a ReadOnly location ({@link ReadOnlyObjectStore}).
     */
    public static ObjectStore open(BackupLocationSpec spec) {
        for (ObjectStoreProvider p : ServiceLoader.load(ObjectStoreProvider.class)) {
            if (p.name().equals(spec.provider())) {
                ObjectStore store = p.open(spec);
                if (spec.accessMode() == BackupLocationSpec.AccessMode.ReadOnly) {
                    store = new ReadOnlyObjectStore(store, spec.name());
                }
                // outermost, so that getBytes retries the whole read (ReadOnly's refusals are never retried)
                return new RetryingObjectStore(store);
            }
        }
        String known = ServiceLoader.load(ObjectStoreProvider.class).stream()
                .map(p -> p.get().name()).sorted().collect(Collectors.joining(", "));
        throw new ArcaException.InvalidInput("location \"" + spec.name() + "\" uses unknown provider \""
                + spec.provider() + "\"; known providers: " + known);
    }
}
