package dev.arca.storage.crypto;

import static dev.arca.storage.crypto.EncryptedObjectStoreTest.FAST;
import static dev.arca.storage.crypto.EncryptedObjectStoreTest.PASSPHRASE;
import static dev.arca.storage.crypto.LocationKeysTest.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.StreamingAead;
import dev.arca.api.ArcaException;
import dev.arca.storage.fs.FilesystemObjectStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unwrapped keys kept across opens: found only by the same key file and passphrase, never by a wrong one. */
class LocationKeyCacheTest {
    private static final char[] WRONG = "not the passphrase of this one".toCharArray();
    private static final char[] NEXT = "the passphrase after rotation".toCharArray();
    private static final byte[] FILE = "the bytes of a key file".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void aSecondOpenTakesTheKeptKeysAndAWrongPassphraseIsStillRefused() {
        FilesystemObjectStore raw = location("a", "a backup");
        LocationKeyCache cache = new LocationKeyCache(4);

        StreamingAead first = LocationKeys.open(raw, "a", PASSPHRASE, cache);
        StreamingAead second = LocationKeys.open(raw, "a", PASSPHRASE.clone(), cache);

        assertThat(second).as("kept, not unwrapped again").isSameAs(first);
        assertThat(new EncryptedObjectStore(raw, second).getBytes("backups/a/backup.json")).isEqualTo(text("a backup"));
        assertThatThrownBy(() -> LocationKeys.open(raw, "a", WRONG, cache))
                .isInstanceOf(ArcaException.InvalidInput.class).hasMessageContaining("wrong passphrase");
        assertThat(cache.size()).as("nothing kept for the wrong passphrase").isEqualTo(1);
    }

    @Test
    void aRotatedKeyFileIsUnwrappedAgainAndTheOldPassphraseNoLongerOpensIt() {
        FilesystemObjectStore raw = location("a", "before the rotation");
        LocationKeyCache cache = new LocationKeyCache(4);
        StreamingAead before = LocationKeys.open(raw, "a", PASSPHRASE, cache);

        LocationKeys.rotate(raw, "a", PASSPHRASE, NEXT, FAST, Clock.systemUTC());

        assertThatThrownBy(() -> LocationKeys.open(raw, "a", PASSPHRASE, cache))
                .as("the kept entry names the old key file").isInstanceOf(ArcaException.InvalidInput.class);
        StreamingAead after = LocationKeys.open(raw, "a", NEXT, cache);
        assertThat(after).isNotSameAs(before);
        assertThat(new EncryptedObjectStore(raw, after).getBytes("backups/a/backup.json")).isEqualTo(text("before the rotation"));
    }

    @Test
    void theSamePassphraseOnAnotherLocationOpensThatLocationsOwnKeys() {
        FilesystemObjectStore a = location("a", "in a");
        FilesystemObjectStore b = location("b", "in b");
        LocationKeyCache cache = new LocationKeyCache(4);

        StreamingAead keysOfA = LocationKeys.open(a, "a", PASSPHRASE, cache);
        StreamingAead keysOfB = LocationKeys.open(b, "b", PASSPHRASE, cache);

        assertThat(keysOfB).isNotSameAs(keysOfA);
        assertThat(new EncryptedObjectStore(b, keysOfB).getBytes("backups/a/backup.json")).isEqualTo(text("in b"));
        assertThatThrownBy(() -> new EncryptedObjectStore(b, keysOfA).getBytes("backups/a/backup.json"))
                .as("a's keys do not read b").isInstanceOf(ArcaException.class);
    }

    @Test
    void theLeastRecentlyUsedEntryGoesWhenTheCacheIsFull() {
        FilesystemObjectStore a = location("a", "in a");
        FilesystemObjectStore b = location("b", "in b");
        LocationKeyCache cache = new LocationKeyCache(1);

        StreamingAead firstOfA = LocationKeys.open(a, "a", PASSPHRASE, cache);
        LocationKeys.open(b, "b", PASSPHRASE, cache);

        assertThat(cache.size()).isEqualTo(1);
        assertThat(LocationKeys.open(a, "a", PASSPHRASE, cache)).as("dropped, so unwrapped again").isNotSameAs(firstOfA);
        assertThatThrownBy(() -> new LocationKeyCache(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void opensThatMissTogetherWaitForOneUnwrap() throws Exception {
        StreamingAead keys = LocationKeys.open(location("a", "in a"), "a", PASSPHRASE);
        LocationKeyCache cache = new LocationKeyCache(4);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger unwraps = new AtomicInteger();
        Supplier<StreamingAead> slow = () -> {
            unwraps.incrementAndGet();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return keys;
        };
        CompletableFuture<StreamingAead> first = CompletableFuture.supplyAsync(() -> cache.get(FILE, PASSPHRASE, slow));
        awaitTrue(() -> unwraps.get() == 1);
        Thread[] second = new Thread[1];
        CompletableFuture<StreamingAead> other = new CompletableFuture<>();
        second[0] = new Thread(() -> other.complete(cache.get(FILE, PASSPHRASE, slow)));
        second[0].start();
        awaitTrue(() -> second[0].getState() == Thread.State.WAITING || second[0].getState() == Thread.State.TIMED_WAITING);

        release.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isSameAs(keys);
        assertThat(other.get(10, TimeUnit.SECONDS)).isSameAs(keys);
        assertThat(unwraps.get()).isEqualTo(1);
    }

    @Test
    void aFailedUnwrapIsNotKeptAndIdleEntriesGo() throws Exception {
        StreamingAead keys = LocationKeys.open(location("a", "in a"), "a", PASSPHRASE);
        LocationKeyCache cache = new LocationKeyCache(4);
        assertThatThrownBy(() -> cache.get(FILE, PASSPHRASE, () -> {
            throw new ArcaException.InvalidInput("wrong passphrase");
        })).hasMessage("wrong passphrase");
        assertThat(cache.size()).isZero();
        assertThat(cache.get(FILE, PASSPHRASE, () -> keys)).isSameAs(keys);

        LocationKeyCache forgetful = new LocationKeyCache(4, TimeUnit.MILLISECONDS.toNanos(1));
        AtomicInteger unwraps = new AtomicInteger();
        forgetful.get(FILE, PASSPHRASE, () -> {
            unwraps.incrementAndGet();
            return keys;
        });
        Thread.sleep(5);
        forgetful.get(FILE, PASSPHRASE, () -> {
            unwraps.incrementAndGet();
            return keys;
        });
        assertThat(unwraps.get()).as("unused longer than its idle time: unwrapped again").isEqualTo(2);
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(5);
        }
    }

    private FilesystemObjectStore location(String name, String backup) {
        FilesystemObjectStore raw = new FilesystemObjectStore(dir.resolve(name));
        new EncryptedObjectStore(raw, LocationKeys.openOrCreate(raw, name, PASSPHRASE, FAST, Clock.systemUTC()))
                .put("backups/a/backup.json", text(backup));
        return raw;
    }
}
