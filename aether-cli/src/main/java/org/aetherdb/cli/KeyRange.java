package org.aetherdb.cli;

import java.util.Arrays;
import org.aetherdb.Cursor;

/**
 * A half-open key range {@code [from, to)} (either end may be open, i.e. null) and the walk over
 * it, forward or backward. A backward walk starts at the upper end: the last key below
 * {@code to} (via {@link Cursor#seekForPrev}), so it never visits keys outside the range.
 */
record KeyRange(byte[] from, byte[] to) {
    /** Receives each entry of a walk; {@code value} is null when values were not asked for. */
    interface Sink {
        /** Returns false to stop the walk (e.g. the reader of the output went away). */
        boolean accept(byte[] key, byte[] value);
    }

    static final KeyRange ALL = new KeyRange(null, null);

    /** The range {@code [from, to)} narrowed to the keys starting with {@code prefix} (any may be null). */
    static KeyRange of(byte[] from, byte[] to, byte[] prefix) {
        if (from != null && from.length == 0) {
            from = null; // every key is >= the empty key; keys are never empty, so seek() never sees one
        }
        if (prefix == null || prefix.length == 0) {
            return new KeyRange(from, to);
        }
        return new KeyRange(max(from, prefix), min(to, Bytes.prefixEnd(prefix)));
    }

    /** Lower bound: null is open (below everything). */
    private static byte[] max(byte[] a, byte[] b) {
        return a == null ? b : Arrays.compareUnsigned(a, b) >= 0 ? a : b;
    }

    /** Upper bound: null is open (above everything). */
    private static byte[] min(byte[] a, byte[] b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return Arrays.compareUnsigned(a, b) <= 0 ? a : b;
    }

    boolean aboveFrom(byte[] key) {
        return from == null || Arrays.compareUnsigned(key, from) >= 0;
    }

    boolean belowTo(byte[] key) {
        return to == null || Arrays.compareUnsigned(key, to) < 0;
    }

    /**
     * Walks the range with {@code cursor}, handing at most {@code limit} entries to {@code sink}.
     *
     * @return the number of entries handed over
     */
    long walk(Cursor cursor, boolean reverse, long limit, boolean withValues, Sink sink) {
        if (reverse) {
            seekLastBelowTo(cursor);
        } else if (from == null) {
            cursor.seekToFirst();
        } else {
            cursor.seek(from);
        }
        long n = 0;
        while (n < limit && cursor.isValid()) {
            byte[] key = cursor.key();
            if (reverse ? !aboveFrom(key) : !belowTo(key)) {
                break;
            }
            n++;
            if (!sink.accept(key, withValues ? cursor.value() : null)) {
                break;
            }
            if (reverse) {
                cursor.prev();
            } else {
                cursor.next();
            }
        }
        return n;
    }

    private void seekLastBelowTo(Cursor cursor) {
        if (to == null) {
            cursor.seekToLast();
            return;
        }
        cursor.seekForPrev(to);
        if (cursor.isValid() && Arrays.equals(cursor.key(), to)) {
            cursor.prev();
        }
    }
}
