package dev.arca.repository.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Batches of small files: one hand-off and one permit per batch, every file's future completed, failures spread. */
class SmallFilesTest {
    private final List<Runnable> handed = new ArrayList<>();
    private final AtomicInteger permits = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final SmallFiles files = new SmallFiles(handed::add, what -> permits.incrementAndGet(), permits::decrementAndGet,
            failure::set);

    @Test
    void aBatchGoesOutAtItsCountItsBytesADirectoryChangeOrAFlush() {
        Object dir = new Object();
        List<CompletableFuture<TreeEntry>> done = new ArrayList<>();
        for (int i = 0; i < SmallFiles.FILES + 3; i++) {
            done.add(files.add(dir, () -> null, 10));
        }
        assertThat(handed).as("one batch full by count, three files waiting").hasSize(1);
        files.add(new Object(), () -> null, 10);
        assertThat(handed).as("another directory: the three go out").hasSize(2);
        files.add(dir, () -> null, SmallFiles.BYTES);
        assertThat(handed).as("the first file's directory again: the one before goes; a batch full by bytes goes").hasSize(4);
        files.flush();
        files.flush();
        assertThat(handed).hasSize(4);
        assertThat(permits).as("a permit per batch handed out").hasValue(4);
        handed.forEach(Runnable::run);
        assertThat(permits).hasValue(0);
        assertThat(done).allMatch(CompletableFuture::isDone);
    }

    @Test
    void aFailedReadFailsTheRestOfItsBatchAndIsReported() {
        Object dir = new Object();
        CompletableFuture<TreeEntry> first = files.add(dir, () -> null, 1);
        CompletableFuture<TreeEntry> second = files.add(dir, () -> {
            throw new IllegalStateException("the disk went away");
        }, 1);
        CompletableFuture<TreeEntry> third = files.add(dir, () -> null, 1);
        files.flush();
        handed.forEach(Runnable::run);
        assertThat(first).isCompleted();
        assertThat(second).isCompletedExceptionally();
        assertThat(third).isCompletedExceptionally();
        assertThat(failure.get()).hasMessage("the disk went away");
        assertThat(permits).hasValue(0);
    }

    @Test
    void filesNotHandedOverFailWithTheWalk() {
        CompletableFuture<TreeEntry> waiting = files.add(new Object(), () -> null, 1);
        files.fail(new IllegalStateException("interrupted"));
        assertThat(waiting).isCompletedExceptionally();
        assertThat(handed).isEmpty();
        assertThat(permits).hasValue(0);
    }
}
