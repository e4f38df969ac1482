package dev.arca.repository.object;

import java.util.SplittableRandom;

/**
 * Prints the chunker's boundary-search throughput on random data; run by hand, never asserts a
 * time: {@code java -cp target/classes:target/test-classes dev.arca.repository.object.FastCdcThroughput [MiB] [rounds]}.
 */
public final class FastCdcThroughput {
    private FastCdcThroughput() {
    }

    public static void main(String[] args) {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        byte[] data = new byte[mib << 20];
        new SplittableRandom(1).nextBytes(data);
        for (ChunkerParams params : new ChunkerParams[] {ChunkerParams.DEFAULT, new ChunkerParams(2048, 8192, 32768)}) {
            FastCdc cdc = new FastCdc(params);
            for (int round = 0; round < rounds; round++) {
                long start = System.nanoTime();
                long chunks = 0;
                for (int off = 0; off < data.length; ) {
                    off += cdc.cut(data, off, data.length - off);
                    chunks++;
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("%s round %d: %.0f MiB/s, %d chunks, mean %.0f bytes%n", params, round,
                        mib / seconds, chunks, (double) data.length / chunks);
            }
        }
    }
}
