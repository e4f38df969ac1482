package dev.arca.archive;

import dev.arca.api.ArcaException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads the lines of a decompressed log with a bound on each line, so that a log written by an
 * attacker (one endless line that zstd compresses to nothing) cannot exhaust memory: a line
 * longer than {@link #MAX_LINE} characters is {@link ArcaException.Corrupt}. Not thread-safe.
 */
public final class LogLines implements AutoCloseable {
    /** Longest line a log may hold; Arca's own lines are a few hundred characters. */
    public static final int MAX_LINE = 1 << 20;
    private final BufferedReader in;
    private final String source;
    private final StringBuilder line = new StringBuilder(256);

    /** @param source names the log in errors */
    public LogLines(InputStream decompressed, String source) {
        this.in = new BufferedReader(new InputStreamReader(decompressed, StandardCharsets.UTF_8), 64 * 1024);
        this.source = source;
    }

    /**
     * The next line without its terminator, or null at the end.
     *
     * @throws ArcaException.Corrupt when the line is longer than {@link #MAX_LINE}
     * @throws IOException           when the stream cannot be read
     */
    public String next() throws IOException {
        line.setLength(0);
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                return stripCarriageReturn();
            }
            if (line.length() == MAX_LINE) {
                throw new ArcaException.Corrupt(source + " holds a line longer than " + MAX_LINE + " characters; Arca never writes"
                        + " one, so the log was altered or is not Arca's");
            }
            line.append((char) c);
        }
        return line.length() == 0 ? null : stripCarriageReturn();
    }

    private String stripCarriageReturn() {
        int n = line.length();
        return n > 0 && line.charAt(n - 1) == '\r' ? line.substring(0, n - 1) : line.toString();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
