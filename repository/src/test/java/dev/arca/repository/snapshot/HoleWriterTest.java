package dev.arca.repository.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HoleWriterTest {
    @TempDir
    Path dir;

    @org.junit.jupiter.api.BeforeAll
    static void bindFallocate() {
        assertThat(Preallocation.bind()).as("JNA and --add-opens java.base/sun.nio.ch (the surefire argLine, as"
                + " bin/arca.jvm-options) give fallocate").isTrue();
    }

    private static long allocatedBytes(Path file) throws Exception {
        Process stat = new ProcessBuilder("stat", "-c", "%b %B", file.toString()).start();
        String[] out = new String(stat.getInputStream().readAllBytes()).trim().split(" ");
        assertThat(stat.waitFor()).isZero();
        return Long.parseLong(out[0]) * Long.parseLong(out[1]);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "told its length: {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void zeroBlocksBecomeHolesAndTheFileReadsTheSame(boolean told) throws Exception {
        Random random = new Random(3);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        byte[] head = new byte[10_000];
        random.nextBytes(head);
        byte[] middle = new byte[5_123];
        random.nextBytes(middle);
        Path file = dir.resolve("disk.img");
        long length = told ? head.length + (8 << 20) + middle.length + (3 << 20) : -1; // told: its blocks allocated first
        try (OutputStream out = new HoleWriter(FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), length)) {
            for (byte[] piece : new byte[][] {head, new byte[8 << 20], middle, new byte[3 << 20]}) {
                for (int off = 0; off < piece.length; off += 777) { // odd write sizes: blocks span writes
                    int n = Math.min(777, piece.length - off);
                    out.write(piece, off, n);
                    expected.write(piece, off, n);
                }
            }
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(expected.toByteArray());
        assertThat(Files.size(file)).as("ends in a hole, still full length").isEqualTo(expected.size());
        assertThat(allocatedBytes(file)).as("the 11 MiB of zeros are holes").isLessThan(1L << 20);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "expected length {0}")
    @org.junit.jupiter.params.provider.ValueSource(longs = {-1, 0, 1, 5, 3000, 200_000})
    void whatEverLengthItIsToldTheFileReadsAsWritten(long told) throws Exception {
        // the expected length is the snapshot's: -1 unknown, 0 and 1 wrong, 5 the one-write case, 3000 reached by a
        // write in the middle (what follows is unaligned), 200_000 longer
        for (int size : new int[] {5, HoleWriter.BLOCK * 4 + 5, HoleWriter.BLOCK * 3}) {
            byte[] data = new byte[size];
            new Random(size).nextBytes(data);
            if (size > HoleWriter.BLOCK) {
                Arrays.fill(data, HoleWriter.BLOCK, Math.min(size, 3 * HoleWriter.BLOCK), (byte) 0); // a hole after the first block
            }
            long expected = told == 5 ? size : told;
            for (int piece : new int[] {size, 3000}) {
                Path file = dir.resolve("f-" + told + "-" + size + "-" + piece);
                try (OutputStream out = new HoleWriter(FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                        expected)) {
                    for (int off = 0; off < size; off += piece) {
                        out.write(data, off, Math.min(piece, size - off));
                    }
                }
                assertThat(Files.readAllBytes(file)).as("%s: size %d in writes of %d", told, size, piece).isEqualTo(data);
            }
        }
    }

    @Test
    void aFileWithoutZeroBlocksIsWrittenWholeAndAShortTailIsKept() throws Exception {
        byte[] data = new byte[HoleWriter.BLOCK * 3 + 17];
        new Random(4).nextBytes(data);
        Path file = dir.resolve("plain");
        try (OutputStream out = new HoleWriter(FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))) {
            out.write(data);
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(data);
        Path empty = dir.resolve("empty");
        new HoleWriter(FileChannel.open(empty, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)).close();
        assertThat(Files.size(empty)).isZero();
    }

    @Test
    void aFileOfWholeBlocksKeepsItsLengthWhetherItEndsInDataOrInAHole() throws Exception {
        byte[] data = new byte[HoleWriter.BLOCK * 2];
        new Random(5).nextBytes(data);
        Path full = dir.resolve("full");
        try (OutputStream out = new HoleWriter(FileChannel.open(full, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))) {
            out.write(data);
        }
        assertThat(Files.readAllBytes(full)).isEqualTo(data);
        Path zeros = dir.resolve("zeros");
        try (OutputStream out = new HoleWriter(FileChannel.open(zeros, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))) {
            out.write(data);
            out.write(new byte[HoleWriter.BLOCK]);
        }
        assertThat(Files.size(zeros)).isEqualTo(HoleWriter.BLOCK * 3L);
        assertThat(Files.mismatch(full, zeros)).as("the data, then zeros").isEqualTo(HoleWriter.BLOCK * 2L);
    }

    @Test
    void toldItsLengthItAllocatesTheBlocksAheadOfTheWrites() throws Exception {
        byte[] data = new byte[1 << 20];
        new Random(6).nextBytes(data);
        Path file = dir.resolve("allocated");
        try (HoleWriter out = new HoleWriter(FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), data.length)) {
            out.write(data, 0, 5000);
            assertThat(Files.size(file)).isEqualTo(4096); // whole blocks go out, the partial one waits for the next write
            assertThat(allocatedBytes(file)).as("the whole file allocated at its first write").isGreaterThanOrEqualTo(data.length);
            out.write(data, 5000, data.length - 5000);
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(data);
        assertThat(allocatedBytes(file)).isBetween((long) data.length, data.length + 65536L);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "told {0} bytes")
    @org.junit.jupiter.params.provider.ValueSource(longs = {256L << 20, 1L << 40})
    void aLongFileIsAllocatedAStepAheadOfItsWritesNotAllAtOnce(long told) throws Exception {
        // a sparse image far larger than the free space, or a listing that claims a terabyte, takes at most a step
        byte[] data = new byte[3 << 20];
        new Random(8).nextBytes(data);
        Path file = dir.resolve("long");
        try (HoleWriter out = new HoleWriter(FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), told)) {
            out.write(data);
            assertThat(allocatedBytes(file)).as("what was written, and a step ahead")
                    .isBetween((long) data.length, data.length + AheadAllocation.STEP + 65536);
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(data);
        assertThat(allocatedBytes(file)).as("the step ahead given back: the file was shorter than told").isLessThan(data.length + 65536L);
    }

    @Test
    void toldMoreThanItGetsItGivesBackTheBlocksPastTheEnd() throws Exception {
        byte[] data = new byte[5000];
        new Random(7).nextBytes(data);
        Path file = dir.resolve("shorter");
        try (OutputStream out = new HoleWriter(FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 8 << 20)) {
            out.write(data);
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(data);
        assertThat(allocatedBytes(file)).as("the 8 MiB allocated ahead, less what was written").isLessThan(1L << 20);
    }

    @Test
    void aSmallFileIsWrittenWithoutAllocatingAhead() throws Exception {
        byte[] data = new byte[(int) AheadAllocation.MIN_FILE - 1];
        new Random(9).nextBytes(data);
        Path file = dir.resolve("small");
        try (HoleWriter out = new HoleWriter(FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), data.length)) {
            out.write(data, 0, 5000);
            assertThat(allocatedBytes(file)).as("a fallocate would cost it about what its write does").isLessThan(65536);
            out.write(data, 5000, data.length - 5000);
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(data);
    }

    @Test
    void aFileLongerThanToldIsAllocatedAheadAndComesOutSparseAllTheSame() throws Exception {
        // told 1 MiB, written 12 MiB: past the told length a write's own blocks are allocated, unaligned holes punched
        Random random = new Random(10);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        Path file = dir.resolve("longer");
        try (OutputStream out = new HoleWriter(FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                AheadAllocation.MIN_FILE)) {
            for (int i = 0; i < 4; i++) {
                byte[] data = new byte[(1 << 20) + 777];
                random.nextBytes(data);
                for (byte[] piece : new byte[][] {data, new byte[2 << 20]}) {
                    out.write(piece);
                    expected.write(piece);
                }
            }
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(expected.toByteArray());
        assertThat(allocatedBytes(file)).as("4 MiB of data; the 8 MiB of zeros holes").isLessThan(5L << 20);
    }
}
