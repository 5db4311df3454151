package org.aetherdb.txn;

import java.util.Arrays;
import java.util.Map;
import java.util.NavigableMap;
import org.aetherdb.btree.TreeCursor;

/**
 * A cursor over a base view overlaid with a transaction's buffered writes. On equal keys the
 * buffer wins; a buffered {@link #TOMBSTONE} hides the base entry.
 *
 * <p>Invariant when valid: {@code fromBuffer} tells which side holds the current key; when moving
 * forward, the base cursor is at the first base key {@code >= current} (backward: last
 * {@code <=}), and {@code bufKey} is the buffer key the same way. A change of direction re-seeks
 * both sides around the current key.
 */
public final class MergedCursor implements TreeCursor {
    /** Marks a buffered delete in a transaction's write buffer; compared by identity. */
    public static final byte[] TOMBSTONE = new byte[0];

    private final TreeCursor base;
    private final NavigableMap<byte[], byte[]> buffer;
    private byte[] bufKey;
    private byte[] baseKey;
    private boolean forward = true;
    private boolean valid;
    private boolean fromBuffer;

    public MergedCursor(TreeCursor base, NavigableMap<byte[], byte[]> buffer) {
        this.base = base;
        this.buffer = buffer;
    }

    private void loadBase() {
        baseKey = base.isValid() ? base.key() : null;
    }

    /** Picks the smallest of the two sides (buffer wins ties), skipping tombstones. */
    private void settleForward() {
        forward = true;
        while (true) {
            loadBase();
            if (bufKey == null && baseKey == null) {
                valid = false;
                return;
            }
            int cmp = bufKey == null ? 1 : baseKey == null ? -1 : Arrays.compareUnsigned(bufKey, baseKey);
            if (cmp > 0) {
                valid = true;
                fromBuffer = false;
                return;
            }
            if (buffer.get(bufKey) != TOMBSTONE) {
                valid = true;
                fromBuffer = true;
                return;
            }
            if (cmp == 0) {
                base.next();
            }
            bufKey = buffer.higherKey(bufKey);
        }
    }

    /** Picks the largest of the two sides (buffer wins ties), skipping tombstones. */
    private void settleBackward() {
        forward = false;
        while (true) {
            loadBase();
            if (bufKey == null && baseKey == null) {
                valid = false;
                return;
            }
            int cmp = bufKey == null ? -1 : baseKey == null ? 1 : Arrays.compareUnsigned(bufKey, baseKey);
            if (cmp < 0) {
                valid = true;
                fromBuffer = false;
                return;
            }
            if (buffer.get(bufKey) != TOMBSTONE) {
                valid = true;
                fromBuffer = true;
                return;
            }
            if (cmp == 0) {
                base.prev();
            }
            bufKey = buffer.lowerKey(bufKey);
        }
    }

    @Override
    public void seekToFirst() {
        base.seekToFirst();
        bufKey = buffer.isEmpty() ? null : buffer.firstKey();
        settleForward();
    }

    @Override
    public void seekToLast() {
        base.seekToLast();
        bufKey = buffer.isEmpty() ? null : buffer.lastKey();
        settleBackward();
    }

    @Override
    public void seek(byte[] key) {
        base.seek(key);
        bufKey = buffer.ceilingKey(key);
        settleForward();
    }

    @Override
    public void seekForPrev(byte[] key) {
        base.seekForPrev(key);
        bufKey = buffer.floorKey(key);
        settleBackward();
    }

    @Override
    public boolean isValid() {
        return valid;
    }

    // next() and prev() are mirror images (higher/lower, seek/seekForPrev, settleForward/
    // settleBackward); kept apart rather than parameterised by direction so each reads plainly.
    @Override
    public void next() {
        byte[] current = currentKey();
        if (!forward) {
            // Re-seek strictly after the current key on both sides.
            base.seek(current);
            if (base.isValid() && Arrays.equals(base.key(), current)) {
                base.next();
            }
            bufKey = buffer.higherKey(current);
        } else {
            if (baseKey != null && Arrays.equals(baseKey, current)) {
                base.next();
            }
            if (bufKey != null && Arrays.equals(bufKey, current)) {
                bufKey = buffer.higherKey(bufKey);
            }
        }
        settleForward();
    }

    @Override
    public void prev() {
        byte[] current = currentKey();
        if (forward) {
            base.seekForPrev(current);
            if (base.isValid() && Arrays.equals(base.key(), current)) {
                base.prev();
            }
            bufKey = buffer.lowerKey(current);
        } else {
            if (baseKey != null && Arrays.equals(baseKey, current)) {
                base.prev();
            }
            if (bufKey != null && Arrays.equals(bufKey, current)) {
                bufKey = buffer.lowerKey(bufKey);
            }
        }
        settleBackward();
    }

    private byte[] currentKey() {
        return fromBuffer ? bufKey : baseKey;
    }

    @Override
    public byte[] key() {
        return currentKey().clone();
    }

    @Override
    public byte[] value() {
        if (fromBuffer) {
            Map.Entry<byte[], byte[]> e = buffer.ceilingEntry(bufKey);
            return e.getValue().clone();
        }
        return base.value();
    }
}
