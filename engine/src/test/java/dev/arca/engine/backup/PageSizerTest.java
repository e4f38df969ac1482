package dev.arca.engine.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PageSizerTest {
    @Test
    void firstPageAsksForTheConfiguredSize() {
        assertEquals(500, new PageSizer(500).limit());
    }

    @Test
    void smallItemsGrowThePageToTheByteTargetUpToTheItemCap() {
        PageSizer sizer = new PageSizer(500);
        sizer.observed(500, 500 * 4096L); // 4 KiB items: 8 MiB holds 2048
        assertEquals(2048, sizer.limit());
        sizer.observed(2048, 2048 * 100L); // 100-byte items would fit 83,886: capped
        assertEquals(PageSizer.MAX_ITEMS, sizer.limit());
    }

    @Test
    void largeItemsKeepTheConfiguredSizeAndShrinkAgainAfterGrowth() {
        PageSizer sizer = new PageSizer(500);
        sizer.observed(500, 500L << 20); // 1 MiB items: 8 fit, but never below the configured 500
        assertEquals(500, sizer.limit());
        sizer.observed(500, 500 * 1024L);
        assertEquals(8192, sizer.limit());
        sizer.observed(8192, 8192L * 65536); // the type's later items are bigger: back down
        assertEquals(500, sizer.limit());
    }

    @Test
    void anEmptyPageChangesNothing() {
        PageSizer sizer = new PageSizer(500);
        sizer.observed(500, 500 * 2048L);
        int before = sizer.limit();
        sizer.observed(0, 0);
        assertEquals(before, sizer.limit());
    }

    @Test
    void aConfiguredSizeAboveTheCapIsKept() {
        PageSizer sizer = new PageSizer(20_000);
        sizer.observed(20_000, 20_000 * 100L);
        assertEquals(20_000, sizer.limit());
        assertThrows(IllegalArgumentException.class, () -> new PageSizer(0));
    }
}
