package dev.arca.repository.content;

import dev.arca.api.ArcaException;
import dev.arca.storage.ForwardingObjectStore;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.ObjectWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A store that counts pack bytes written, can stand for a process killed at its Nth index write
 * (everything after it fails), and can hold pack uploads until released.
 */
public final class InstrumentedStore extends ForwardingObjectStore {
    public final AtomicLong packBytesWritten = new AtomicLong();
    public final AtomicInteger packsWritten = new AtomicInteger();
    public final AtomicInteger packUploadsStarted = new AtomicInteger();
    public final AtomicInteger indexWrites = new AtomicInteger();
    private volatile int killAtIndexWrite = Integer.MAX_VALUE;
    private volatile boolean dead;
    private volatile CountDownLatch holdPacks;

    public InstrumentedStore(ObjectStore delegate) {
        super(delegate);
    }

    /** The Nth index write (1-based) and every write after it fail, as if the process died there. */
    public InstrumentedStore killAtIndexWrite(int n) {
        killAtIndexWrite = n;
        return this;
    }

    /** Pack uploads wait until the returned latch is counted down. */
    public CountDownLatch holdPacks() {
        holdPacks = new CountDownLatch(1);
        return holdPacks;
    }

    @Override
    public void put(String key, byte[] data) {
        if (key.startsWith(RepositoryLayout.INDEX) && indexWrites.incrementAndGet() >= killAtIndexWrite) {
            dead = true;
        }
        checkAlive(key);
        super.put(key, data);
    }

    @Override
    public ObjectWriter writer(String key) {
        checkAlive(key);
        if (!key.startsWith(RepositoryLayout.PACKS)) {
            return super.writer(key);
        }
        packUploadsStarted.incrementAndGet();
        CountDownLatch hold = holdPacks;
        if (hold != null) {
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ObjectWriter inner = super.writer(key);
        return new ObjectWriter() {
            private long n;

            @Override
            public void write(int b) throws java.io.IOException {
                inner.write(b);
                n++;
            }

            @Override
            public void write(byte[] b, int off, int len) throws java.io.IOException {
                inner.write(b, off, len);
                n += len;
            }

            @Override
            public void commit() {
                checkAlive(key);
                inner.commit();
                packBytesWritten.addAndGet(n);
                packsWritten.incrementAndGet();
            }

            @Override
            public void close() {
                inner.close();
            }
        };
    }

    private void checkAlive(String key) {
        if (dead) {
            throw new ArcaException.Transient("simulated crash writing " + key, null);
        }
    }
}
