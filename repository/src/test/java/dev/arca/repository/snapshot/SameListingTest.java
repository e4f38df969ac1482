package dev.arca.repository.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.repository.object.ObjectRef;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class SameListingTest {
    private final ObjectRef parentObject = new ObjectRef(List.of(), 0);
    private final TreeEntry a = fifo("a", 1);
    private final TreeEntry b = fifo("b", 2);

    private static TreeEntry fifo(String name, long mtime) {
        return new TreeEntry(name, EntryType.FIFO, 0644, 0, 0, mtime, 0, 1, 1, 1, null, null, null, mtime);
    }

    @Test
    void theParentsObjectWhenEveryChildComesOutAsItWas() {
        SameListing same = new SameListing(parentObject, 2);
        CompletableFuture<TreeEntry> later = new CompletableFuture<>();
        same.child(CompletableFuture.completedFuture(a), a);
        same.child(later, b);
        later.complete(fifo("b", 2));
        assertThat(same.reusable(List.of(a, b))).isSameAs(parentObject);
    }

    @Test
    void noObjectWhenAChildChangedVanishedFailedOrIsNew() {
        CompletableFuture<TreeEntry> changedLater = new CompletableFuture<>();
        SameListing changed = new SameListing(parentObject, 2);
        changed.child(CompletableFuture.completedFuture(a), a);
        changed.child(changedLater, b);
        changedLater.complete(fifo("b", 3));
        assertThat(changed.reusable(List.of(a, fifo("b", 3)))).isNull();

        CompletableFuture<TreeEntry> goneLater = new CompletableFuture<>();
        SameListing gone = new SameListing(parentObject, 2);
        gone.child(CompletableFuture.completedFuture(a), a);
        gone.child(goneLater, b);
        goneLater.complete(null); // unreadable now: no entry
        assertThat(gone.reusable(List.of(a))).isNull();

        SameListing failed = new SameListing(parentObject, 1);
        failed.child(CompletableFuture.failedFuture(new IllegalStateException("read failed")), a);
        assertThat(failed.reusable(List.of(a))).isNull();

        SameListing added = new SameListing(parentObject, 1);
        added.child(CompletableFuture.completedFuture(a), a);
        added.child(CompletableFuture.completedFuture(b), null);
        assertThat(added.reusable(List.of(a, b))).isNull();

        SameListing fewer = new SameListing(parentObject, 2); // the parent had b, skipped now without a future
        fewer.child(CompletableFuture.completedFuture(a), a);
        assertThat(fewer.reusable(List.of(a))).isNull();
    }
}
