package org.aetherdb;

import java.util.Random;

/**
 * Value sizes that cover the storage paths for 4 KiB pages: empty, small inline, around the
 * out-of-line threshold (about pageSize * 5 / 16), a third of a page, several pages, and
 * (when enabled) megabytes.
 */
final class ValueGen {
    private final int pageSize;
    private final int bigPerMille;

    /** @param bigPerMille how many values in a thousand are 1-3 MiB */
    ValueGen(int pageSize, int bigPerMille) {
        this.pageSize = pageSize;
        this.bigPerMille = bigPerMille;
    }

    int size(Random r) {
        if (r.nextInt(1000) < bigPerMille) {
            return (1 << 20) + r.nextInt(2 << 20);
        }
        int p = r.nextInt(100);
        int threshold = pageSize * 5 / 16;
        if (p < 6) {
            return 0;
        } else if (p < 60) {
            return 1 + r.nextInt(48);
        } else if (p < 75) {
            return 50 + r.nextInt(500);
        } else if (p < 85) {
            return threshold - 8 + r.nextInt(17);
        } else if (p < 93) {
            return pageSize / 3 + r.nextInt(16);
        } else {
            return pageSize + r.nextInt(4 * pageSize);
        }
    }

    byte[] next(Random r) {
        return Bytes.pattern(r.nextLong(), size(r));
    }
}
