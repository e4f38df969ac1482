package dev.arca.archive;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Sorts any number of lines in bounded memory: at most {@code maxInMemory} lines are held; full
 * batches are sorted and spilled to temporary run files, which are merged on the way out (and
 * merged early into one when there are {@code maxRuns} of them). Not thread-safe.
 */
final class ExternalSorter implements Closeable {
    /** Receives lines in order. */
    interface LineSink {
        void accept(String line) throws IOException;
    }

    private final Path tempDir;
    private final int maxInMemory;
    private final int maxRuns;
    private final List<String> batch = new ArrayList<>();
    private final List<Path> runs = new ArrayList<>();

    ExternalSorter(Path tempDir, int maxInMemory, int maxRuns) {
        if (maxInMemory < 1 || maxRuns < 2) {
            throw new IllegalArgumentException("need maxInMemory >= 1 and maxRuns >= 2");
        }
        this.tempDir = tempDir;
        this.maxInMemory = maxInMemory;
        this.maxRuns = maxRuns;
    }

    /** Adds a line; it must not hold a line break. */
    void add(String line) throws IOException {
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a sorted line cannot hold a line break");
        }
        batch.add(line);
        if (batch.size() >= maxInMemory) {
            spill();
        }
    }

    /** Hands every line added, in ascending order, each distinct line once, to {@code sink}. */
    void forEachSorted(LineSink sink) throws IOException {
        Collections.sort(batch);
        List<BufferedReader> readers = new ArrayList<>();
        try {
            PriorityQueue<Head> heads = new PriorityQueue<>();
            for (Path run : runs) {
                BufferedReader reader = Files.newBufferedReader(run, StandardCharsets.UTF_8);
                readers.add(reader);
                Head.push(heads, new ReaderSource(reader));
            }
            Head.push(heads, batch.iterator());
            String previous = null;
            while (!heads.isEmpty()) {
                Head head = heads.poll();
                if (!head.line.equals(previous)) {
                    sink.accept(head.line);
                    previous = head.line;
                }
                Head.push(heads, head.source);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            for (BufferedReader reader : readers) {
                reader.close();
            }
        }
    }

    /** Deletes the run files. */
    @Override
    public void close() {
        batch.clear();
        for (Path run : runs) {
            try {
                Files.deleteIfExists(run);
            } catch (IOException ignored) {
                // a leftover temp file holds only names; nothing else to do
            }
        }
        runs.clear();
    }

    private void spill() throws IOException {
        Collections.sort(batch);
        runs.add(writeRun(batch.iterator()));
        batch.clear();
        if (runs.size() >= maxRuns) {
            Path merged = Files.createTempFile(tempDir, "arca-sort-", ".run");
            try (BufferedWriter out = Files.newBufferedWriter(merged, StandardCharsets.UTF_8)) {
                forEachSorted(line -> {
                    out.write(line);
                    out.write('\n');
                });
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(merged);
                throw e;
            }
            close();
            runs.add(merged);
        }
    }

    private Path writeRun(Iterator<String> lines) throws IOException {
        Path run = Files.createTempFile(tempDir, "arca-sort-", ".run");
        try (BufferedWriter out = Files.newBufferedWriter(run, StandardCharsets.UTF_8)) {
            while (lines.hasNext()) {
                out.write(lines.next());
                out.write('\n');
            }
        }
        return run;
    }

    /** The next line of one source, ordered by line. */
    private record Head(String line, Iterator<String> source) implements Comparable<Head> {
        static void push(PriorityQueue<Head> heads, Iterator<String> source) {
            if (source.hasNext()) {
                heads.add(new Head(source.next(), source));
            }
        }

        @Override
        public int compareTo(Head other) {
            return line.compareTo(other.line);
        }
    }

    /** Lines of a run file as an iterator. */
    private static final class ReaderSource implements Iterator<String> {
        private final BufferedReader reader;
        private String next;

        ReaderSource(BufferedReader reader) {
            this.reader = reader;
            advance();
        }

        private void advance() {
            try {
                next = reader.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public String next() {
            String line = next;
            advance();
            return line;
        }
    }
}
