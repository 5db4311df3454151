package org.aetherdb.spec;

import java.util.List;
import java.util.NavigableMap;

/**
 * An ordered cursor over a fixed map (a snapshot, or a transaction's view), with the moves of
 * the engine's {@code Cursor}. A new cursor is not positioned.
 *
 * <p><b>Swept ranges</b> (recorded only for a SERIALIZABLE transaction's cursor): every seek
 * starts a new closed range at its target ({@code seekToFirst} at minus infinity,
 * {@code seekToLast} at plus infinity); every position the cursor reaches widens the current
 * range to include that key; running off an end makes the range unbounded on that side. A range
 * covers every key whose presence or absence the cursor could have observed.
 */
public final class SpecCursor {
    /** A closed key interval; a null bound means unbounded on that side. */
    public static final class Range {
        byte[] low;
        byte[] high;

        Range(byte[] low, byte[] high) {
            this.low = low;
            this.high = high;
        }

        /** True when {@code key} lies inside the range. */
        public boolean contains(byte[] key) {
            return (low == null || KvSpec.ORDER.compare(low, key) <= 0) && (high == null || KvSpec.ORDER.compare(key, high) <= 0);
        }

        void include(byte[] key) {
            if (low != null && KvSpec.ORDER.compare(key, low) < 0) {
                low = key;
            }
            if (high != null && KvSpec.ORDER.compare(key, high) > 0) {
                high = key;
            }
        }
    }

    private final NavigableMap<byte[], byte[]> map;
    private final List<Range> swept;
    private Range range;
    private byte[] position;

    /** @param swept where to record swept ranges, or null to record nothing */
    SpecCursor(NavigableMap<byte[], byte[]> map, List<Range> swept) {
        this.map = map;
        this.swept = swept;
    }

    public void seekToFirst() {
        position = map.isEmpty() ? null : map.firstKey();
        start(null, position, true);
    }

    public void seekToLast() {
        position = map.isEmpty() ? null : map.lastKey();
        start(position, null, false);
    }

    /** Positions at the first key {@code >= key}. */
    public void seek(byte[] key) {
        position = map.ceilingKey(key);
        start(key, key, true);
    }

    /** Positions at the last key {@code <= key}. */
    public void seekForPrev(byte[] key) {
        position = map.floorKey(key);
        start(key, key, false);
    }

    public void next() {
        position = map.higherKey(requireValid());
        reached(true);
    }

    public void prev() {
        position = map.lowerKey(requireValid());
        reached(false);
    }

    public boolean isValid() {
        return position != null;
    }

    public byte[] key() {
        return requireValid().clone();
    }

    public byte[] value() {
        return map.get(requireValid()).clone();
    }

    private byte[] requireValid() {
        if (position == null) {
            throw new IllegalStateException("cursor is not positioned");
        }
        return position;
    }

    private void start(byte[] low, byte[] high, boolean forward) {
        if (swept != null) {
            range = new Range(low, high);
            swept.add(range);
        }
        reached(forward);
    }

    /** Widens the current range to the key reached, or to the end the cursor ran off. */
    private void reached(boolean forward) {
        if (swept == null) {
            return;
        }
        if (position != null) {
            range.include(position);
        } else if (forward) {
            range.high = null;
        } else {
            range.low = null;
        }
    }
}
