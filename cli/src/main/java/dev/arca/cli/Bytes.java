package dev.arca.cli;

/** Byte counts as people read them: 1.5 GiB. */
final class Bytes {
    private Bytes() {
    }

    static String human(Long bytes) {
        if (bytes == null) {
            return "";
        }
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
