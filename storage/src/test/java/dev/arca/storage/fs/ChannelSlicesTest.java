package dev.arca.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChannelSlicesTest {
    @TempDir
    Path dir;

    @Test
    void writesAndReadsAtAPositionNoMoreThanASliceAtATime() throws IOException {
        byte[] data = new byte[3 * ChannelSlices.SLICE + 123];
        new Random(1).nextBytes(data);
        Path file = dir.resolve("f");
        try (Counting ch = new Counting(FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE))) {
            ByteBuffer out = ByteBuffer.wrap(data, 7, data.length - 7);
            assertThat(ChannelSlices.writeFully(ch, out, 1000)).isEqualTo(1000 + data.length - 7);
            assertThat(out.hasRemaining()).isFalse();
            assertThat(out.limit()).isEqualTo(data.length);

            byte[] back = new byte[data.length - 7];
            ByteBuffer in = ByteBuffer.wrap(back);
            assertThat(ChannelSlices.readFully(ch, in, 1000)).isTrue();
            assertThat(back).isEqualTo(Arrays.copyOfRange(data, 7, data.length));
            assertThat(in.limit()).isEqualTo(back.length);
            assertThat(ch.largest).as("the most one call moved").isEqualTo(ChannelSlices.SLICE);
            assertThat(ch.calls).isEqualTo(8);
        }
        assertThat(Files.size(file)).isEqualTo(1000 + data.length - 7);
    }

    @Test
    void aReadPastTheEndSaysSoAndKeepsWhatThereWas() throws IOException {
        Path file = dir.resolve("g");
        Files.write(file, new byte[] {1, 2, 3, 4, 5});
        try (FileChannel ch = FileChannel.open(file)) {
            ByteBuffer buf = ByteBuffer.allocate(10);
            assertThat(ChannelSlices.readFully(ch, buf, 2)).isFalse();
            assertThat(buf.position()).isEqualTo(3);
            assertThat(buf.limit()).isEqualTo(10);
            assertThat(Arrays.copyOf(buf.array(), 3)).containsExactly(3, 4, 5);
        }
    }

    /** Counts the positional reads and writes, and the most each was asked to move. */
    private static final class Counting extends FileChannel {
        private final FileChannel ch;
        int calls;
        int largest;

        Counting(FileChannel ch) {
            this.ch = ch;
        }

        private void count(ByteBuffer b) {
            calls++;
            largest = Math.max(largest, b.remaining());
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            count(dst);
            return ch.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            count(src);
            return ch.write(src, position);
        }

        @Override
        public int read(ByteBuffer dst) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int write(ByteBuffer src) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long position() throws IOException {
            return ch.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            ch.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return ch.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            ch.truncate(size);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            ch.force(metaData);
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) {
            throw new UnsupportedOperationException();
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) {
            throw new UnsupportedOperationException();
        }

        @Override
        protected void implCloseChannel() throws IOException {
            ch.close();
        }
    }
}
