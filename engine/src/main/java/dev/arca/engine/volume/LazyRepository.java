package dev.arca.engine.volume;

import dev.arca.repository.Repository;
import dev.arca.storage.ObjectStore;
import java.util.function.Supplier;

/** The location's repository, opened on first use only: backups and restores without volume data never touch it. */
public final class LazyRepository implements Supplier<Repository>, AutoCloseable {
    private final ObjectStore store;
    private Repository repository;

    public LazyRepository(ObjectStore store) {
        this.store = store;
    }

    @Override
    public synchronized Repository get() {
        if (repository == null) {
            repository = Repository.open(store);
        }
        return repository;
    }

    @Override
    public synchronized void close() {
        if (repository != null) {
            repository.close();
        }
    }
}
