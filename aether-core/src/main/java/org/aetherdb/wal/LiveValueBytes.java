package org.aetherdb.wal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.aetherdb.format.ValueSegment;

/**
 * How many bytes of values in each log segment the newest version of the tree refers to, and
 * since which version a segment's count has been zero. The log keeps a segment while this says a
 * version that may still be read refers to it (see {@link #releasable}).
 *
 * <p>Invariant: a segment's count is the sum of the lengths of the {@link
 * org.aetherdb.format.Logged} references into it in the version being built, never negative; a
 * segment absent from the table has none. Changed under the commit lock; read by checkpoints
 * (under it) and {@code stats()} (any thread), hence synchronized.
 */
final class LiveValueBytes {
    /** Live bytes and the version from which they have been zero (0: never counted down to zero). */
    private static final class Count {
        long live;
        long deadSince;
    }

    private final TreeMap<Long, Count> segments = new TreeMap<>();

    /** The table a checkpoint recorded (every version after it is replayed onto it). */
    LiveValueBytes(List<ValueSegment> recorded) {
        for (ValueSegment s : recorded) {
            count(s.start()).live = s.liveBytes();
        }
    }

    private Count count(long segment) {
        return segments.computeIfAbsent(segment, k -> new Count());
    }

    synchronized void added(long segment, int length) {
        count(segment).live += length;
    }

    /**
     * @throws IllegalStateException when more is discarded than was added: the table and the tree
     *         disagree, and deleting a segment on its word could lose data
     */
    synchronized void discarded(long segment, int length, long seq) {
        Count c = segments.get(segment);
        if (c == null || c.live < length) {
            throw new IllegalStateException("log segment " + segment + " has " + (c == null ? 0 : c.live) + " live value bytes counted, "
                    + length + " discarded at " + seq);
        }
        c.live -= length;
        if (c.live == 0) {
            c.deadSince = Math.max(c.deadSince, seq);
        }
    }

    /** The segments with live values now, in order: what a checkpoint of the current version records. */
    synchronized List<ValueSegment> snapshot() {
        List<ValueSegment> out = new ArrayList<>();
        for (Map.Entry<Long, Count> e : segments.entrySet()) {
            if (e.getValue().live > 0) {
                out.add(new ValueSegment(e.getKey(), e.getValue().live));
            }
        }
        return out;
    }

    /**
     * Whether no version from {@code oldestNeeded} on refers to a value of {@code segment}: the
     * newest version refers to none, and it stopped at or before {@code oldestNeeded} (the older
     * of the durable checkpoint and the oldest registered reader).
     */
    synchronized boolean releasable(long segment, long oldestNeeded) {
        Count c = segments.get(segment);
        return c == null || (c.live == 0 && c.deadSince <= oldestNeeded);
    }

    /** Bytes of values in {@code segment} the newest version refers to. */
    synchronized long live(long segment) {
        Count c = segments.get(segment);
        return c == null ? 0 : c.live;
    }

    /** Forgets a released segment. */
    synchronized void remove(long segment) {
        segments.remove(segment);
    }

    /** Bytes of values the newest version refers to, over all segments. */
    synchronized long total() {
        long sum = 0;
        for (Count c : segments.values()) {
            sum += c.live;
        }
        return sum;
    }
}
