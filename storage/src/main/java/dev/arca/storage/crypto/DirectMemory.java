package dev.arca.storage.crypto;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;

/**
 * Frees a direct buffer at once instead of when a collection finds it unreachable, through
 * {@code sun.misc.Unsafe.invokeCleaner} (module jdk.unsupported, open to all). For scrypt's table:
 * 128 MiB that a CLI run should hand back to the system before its real work starts, so the
 * run's peak memory is the larger of the two, not their sum. Where the method cannot be reached,
 * the buffer is left to the collector, as any other; so it is from Java 23 on, where the method is
 * deprecated for removal and its first use prints a warning on stderr (freeing a buffer of one's
 * own there takes the FFM API, which Java 17 lacks).
 */
final class DirectMemory {
    private static final Object UNSAFE;
    private static final Method INVOKE_CLEANER;

    static {
        Object unsafe = null;
        Method invokeCleaner = null;
        try {
            if (Runtime.version().feature() >= 23) {
                throw new UnsupportedOperationException("invokeCleaner is deprecated for removal from Java 23 on");
            }
            Class<?> type = Class.forName("sun.misc.Unsafe");
            Field field = type.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            unsafe = field.get(null);
            invokeCleaner = type.getMethod("invokeCleaner", ByteBuffer.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            unsafe = null;
            invokeCleaner = null;
        }
        UNSAFE = unsafe;
        INVOKE_CLEANER = invokeCleaner;
    }

    private DirectMemory() {
    }

    /** Frees {@code buffer} (a direct buffer that nothing uses any more); whether it was freed now. */
    static boolean free(ByteBuffer buffer) {
        if (INVOKE_CLEANER == null || !buffer.isDirect()) {
            return false;
        }
        try {
            INVOKE_CLEANER.invoke(UNSAFE, buffer);
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
