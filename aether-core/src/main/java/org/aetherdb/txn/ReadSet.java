package org.aetherdb.txn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a transaction read from its snapshot: single keys (including reads that found nothing)
 * and key ranges its cursors covered. A range is a closed interval {@code [low, high]}; a null
 * bound is unbounded. Ranges are conservative: a cursor that moved from key a to key b read
 * "nothing lies between a and b", so {@code [a, b]} is recorded.
 */
public final class ReadSet {
    /**
     * A closed key interval; a null bound is open-ended. Mutable only by the cursor that swept it,
     * which widens it as it moves (one range per seek, not one per step).
     */
    public static final class Range {
        private byte[] low;
        private byte[] high;

        Range(byte[] low, byte[] high) {
            this.low = low;
            this.high = high;
        }

        public byte[] low() {
            return low;
        }

        public byte[] high() {
            return high;
        }

        /** Widens the range to include {@code key}. */
        public void include(byte[] key) {
            if (low != null && Arrays.compareUnsigned(key, low) < 0) {
                low = key.clone();
            }
            if (high != null && Arrays.compareUnsigned(key, high) > 0) {
                high = key.clone();
            }
        }

        public void unboundLow() {
            low = null;
        }

        public void unboundHigh() {
            high = null;
        }

        @Override
        public String toString() {
            return "[" + (low == null ? "-inf" : Keys.show(low)) + ", " + (high == null ? "+inf" : Keys.show(high)) + "]";
        }
    }

    /** In read order, duplicates kept: appending is the cheapest record (validation looks each up once). */
    private final List<byte[]> keys = new ArrayList<>();
    private final List<Range> ranges = new ArrayList<>();

    public void key(byte[] key) {
        keys.add(key.clone());
    }

    /** Starts a range swept by a cursor; the cursor widens it as it moves. */
    public Range range(byte[] low, byte[] high) {
        Range r = new Range(low == null ? null : low.clone(), high == null ? null : high.clone());
        ranges.add(r);
        return r;
    }

    public List<byte[]> keys() {
        return keys;
    }

    public List<Range> ranges() {
        return ranges;
    }

    public boolean isEmpty() {
        return keys.isEmpty() && ranges.isEmpty();
    }
}
