package org.aetherdb.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.aetherdb.IsolationLevel;

/**
 * The simulation's reference model (written apart from the engine; shares no code with it): the
 * database as an ordered map, the committed transactions in commit order, and what durability
 * promises about them. After a crash the recovered state must be the result of a prefix of the
 * committed transactions that contains every commit known durable (acknowledged SYNC commits,
 * everything before a completed checkpoint or ASYNC force) and, when the machine did not lose
 * power, every acknowledged commit; a commit whose call failed may be in it or not.
 *
 * <p>Transactions: reads come from the snapshot overlaid with the transaction's own writes; a
 * SERIALIZABLE commit fails when a commit after its snapshot wrote a key it read or a key inside a
 * range its cursors swept, a SNAPSHOT commit when such a commit wrote a key it writes
 * (docs/TRANSACTIONS.md).
 */
final class Model {
    static final Comparator<byte[]> ORDER = Arrays::compareUnsigned;
    /** A buffered delete in a transaction's writes; compared by identity. */
    static final byte[] TOMBSTONE = new byte[0];

    /** One committed write: {key, value}, value null for a delete. */
    record Op(byte[] key, byte[] value) {}

    static TreeMap<byte[], byte[]> newMap() {
        return new TreeMap<>(ORDER);
    }

    /** The committed state the running engine must show, and its sequence number. */
    private TreeMap<byte[], byte[]> state = newMap();
    private long seq;
    /** Sequence number of each key's latest write since the last open (validation). */
    private final TreeMap<byte[], Long> lastWrite = new TreeMap<>(ORDER);

    /** State at {@link #baseSeq}; commits after it in order; those before {@link #durable} are durable. */
    private TreeMap<byte[], byte[]> base = newMap();
    private long baseSeq;
    private final List<List<Op>> history = new ArrayList<>();
    private int durable;
    /** A commit whose call failed: it may be the next one after a crash, or not. */
    private List<Op> uncertain;

    long seq() {
        return seq;
    }

    NavigableMap<byte[], byte[]> state() {
        return state;
    }

    TreeMap<byte[], byte[]> copyState() {
        return new TreeMap<>(state);
    }

    /** An acknowledged commit (a plain write or a transaction); {@code durableNow} for SYNC. */
    void committed(List<Op> ops, boolean durableNow) {
        seq++;
        apply(state, ops);
        for (Op op : ops) {
            lastWrite.put(op.key(), seq);
        }
        history.add(ops);
        if (durableNow) {
            allDurable();
        }
    }

    /** A checkpoint, a clean close or a completed ASYNC force: every acknowledged commit is durable. */
    void allDurable() {
        durable = history.size();
        if (durable > 4096) { // fold the durable part into the base, bounding memory
            for (List<Op> c : history) {
                apply(base, c);
            }
            baseSeq += history.size();
            history.clear();
            durable = 0;
        }
    }

    /** A commit that failed with an I/O error: not applied, but recovery may find it. */
    void failed(List<Op> ops) {
        if (uncertain != null) {
            throw new IllegalStateException("two failed commits without recovery in between");
        }
        uncertain = ops;
    }

    /**
     * Checks the state an open (recovery) produced: {@code actual} at sequence {@code recoveredSeq}
     * must be a prefix of the history containing every durable commit, and every acknowledged one
     * when {@code powerLost} is false. On success the model continues from that state.
     *
     * @return null when it is, else what is wrong
     */
    String recovered(long recoveredSeq, TreeMap<byte[], byte[]> actual, boolean powerLost) {
        long k = recoveredSeq - baseSeq;
        int acked = history.size();
        long least = powerLost ? durable : acked;
        long most = acked + (uncertain == null ? 0 : 1);
        if (k < least || k > most) {
            return "recovered to sequence " + recoveredSeq + " but the model allows " + (baseSeq + least) + ".." + (baseSeq + most)
                    + " (durable up to " + (baseSeq + durable) + ", acknowledged up to " + (baseSeq + acked)
                    + (powerLost ? ", power lost" : ", no power loss") + ")";
        }
        TreeMap<byte[], byte[]> expected = new TreeMap<>(base);
        for (int i = 0; i < k && i < acked; i++) {
            apply(expected, history.get(i));
        }
        if (k == acked + 1) {
            apply(expected, uncertain);
        }
        String diff = diff(expected, actual);
        if (diff != null) {
            return "recovered state at sequence " + recoveredSeq + " is not the prefix of " + k + " commits: " + diff;
        }
        state = expected;
        seq = recoveredSeq;
        base = new TreeMap<>(expected);
        baseSeq = recoveredSeq;
        history.clear();
        durable = 0;
        uncertain = null;
        lastWrite.clear();
        return null;
    }

    /** Null when equal, else the first difference. */
    static String diff(NavigableMap<byte[], byte[]> expected, NavigableMap<byte[], byte[]> actual) {
        for (Map.Entry<byte[], byte[]> e : expected.entrySet()) {
            byte[] a = actual.get(e.getKey());
            if (a == null) {
                return "key " + show(e.getKey()) + " missing (expected " + show(e.getValue()) + ")";
            }
            if (!Arrays.equals(a, e.getValue())) {
                return "key " + show(e.getKey()) + " = " + show(a) + ", expected " + show(e.getValue());
            }
        }
        for (byte[] k : actual.keySet()) {
            if (!expected.containsKey(k)) {
                return "unexpected key " + show(k) + " = " + show(actual.get(k));
            }
        }
        return null;
    }

    static void apply(Map<byte[], byte[]> m, List<Op> ops) {
        for (Op op : ops) {
            if (op.value() == null) {
                m.remove(op.key());
            } else {
                m.put(op.key(), op.value());
            }
        }
    }

    static String show(byte[] b) {
        if (b == null) {
            return "null";
        }
        String hex = HexFormat.of().formatHex(b, 0, Math.min(b.length, 12));
        return b.length + "B:" + hex + (b.length > 12 ? ".." : "");
    }

    // ---- transactions ----

    /** A closed key interval swept by a cursor; null bounds are open. Widened as the cursor moves. */
    static final class Range {
        byte[] low;
        byte[] high;

        Range(byte[] low, byte[] high) {
            this.low = low;
            this.high = high;
        }

        void include(byte[] k) {
            if (low != null && ORDER.compare(k, low) < 0) {
                low = k;
            }
            if (high != null && ORDER.compare(k, high) > 0) {
                high = k;
            }
        }

        boolean contains(byte[] k) {
            return (low == null || ORDER.compare(k, low) >= 0) && (high == null || ORDER.compare(k, high) <= 0);
        }
    }

    /** A transaction: its snapshot, its buffered writes, and (SERIALIZABLE) what it read. */
    final class Tx {
        final IsolationLevel level;
        final long snapSeq;
        final TreeMap<byte[], byte[]> snapshot;
        final TreeMap<byte[], byte[]> writes = newMap();
        final List<byte[]> reads = new ArrayList<>();
        final List<Range> ranges = new ArrayList<>();

        Tx(IsolationLevel level) {
            this.level = level;
            this.snapSeq = seq;
            this.snapshot = copyState();
        }

        byte[] get(byte[] key) {
            byte[] own = writes.get(key);
            if (own != null) {
                return own == TOMBSTONE ? null : own;
            }
            if (level == IsolationLevel.SERIALIZABLE) {
                reads.add(key);
            }
            return snapshot.get(key);
        }

        void put(byte[] key, byte[] value) {
            writes.put(key, value);
        }

        void delete(byte[] key) {
            writes.put(key, TOMBSTONE);
        }

        /** What a cursor of this transaction sees: the snapshot overlaid with its writes. */
        TreeMap<byte[], byte[]> merged() {
            TreeMap<byte[], byte[]> m = new TreeMap<>(snapshot);
            for (Map.Entry<byte[], byte[]> e : writes.entrySet()) {
                if (e.getValue() == TOMBSTONE) {
                    m.remove(e.getKey());
                } else {
                    m.put(e.getKey(), e.getValue());
                }
            }
            return m;
        }

        /** Null when the commit must succeed, else why it must fail. */
        String conflict() {
            if (writes.isEmpty()) {
                return null; // nothing to commit: a read-only transaction never fails
            }
            if (level == IsolationLevel.SNAPSHOT) {
                for (byte[] k : writes.keySet()) {
                    if (writtenAfter(k)) {
                        return "write-write on " + show(k);
                    }
                }
                return null;
            }
            for (byte[] k : reads) {
                if (writtenAfter(k)) {
                    return "read-write on " + show(k);
                }
            }
            for (Range r : ranges) {
                for (Map.Entry<byte[], Long> e : lastWrite.entrySet()) {
                    if (e.getValue() > snapSeq && r.contains(e.getKey())) {
                        return "phantom " + show(e.getKey());
                    }
                }
            }
            return null;
        }

        private boolean writtenAfter(byte[] k) {
            Long w = lastWrite.get(k);
            return w != null && w > snapSeq;
        }

        List<Op> ops() {
            List<Op> ops = new ArrayList<>(writes.size());
            for (Map.Entry<byte[], byte[]> e : writes.entrySet()) {
                ops.add(new Op(e.getKey(), e.getValue() == TOMBSTONE ? null : e.getValue()));
            }
            return ops;
        }
    }

    /** A cursor over a fixed view; records swept ranges into {@code ranges} when not null. */
    static final class Cur {
        final TreeMap<byte[], byte[]> view;
        private final List<Range> ranges;
        private Range range;
        byte[] pos;

        Cur(TreeMap<byte[], byte[]> view, List<Range> ranges) {
            this.view = view;
            this.ranges = ranges;
        }

        private void start(byte[] low, byte[] high) {
            if (ranges != null) {
                range = new Range(low, high);
                ranges.add(range);
            }
        }

        private void reach(boolean forward) {
            if (ranges == null) {
                return;
            }
            if (pos != null) {
                range.include(pos);
            } else if (forward) {
                range.high = null;
            } else {
                range.low = null;
            }
        }

        void seekToFirst() {
            pos = view.isEmpty() ? null : view.firstKey();
            start(null, pos);
            reach(true);
        }

        void seekToLast() {
            pos = view.isEmpty() ? null : view.lastKey();
            start(pos, null);
            reach(false);
        }

        void seek(byte[] k) {
            pos = view.ceilingKey(k);
            start(k, k);
            reach(true);
        }

        void seekForPrev(byte[] k) {
            pos = view.floorKey(k);
            start(k, k);
            reach(false);
        }

        void next() {
            pos = view.higherKey(pos);
            reach(true);
        }

        void prev() {
            pos = view.lowerKey(pos);
            reach(false);
        }
    }
}
