package org.aetherdb.spec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The specification of an AetherDB database. Each rule is stated once, in words, next to the
 * code that is its meaning.
 *
 * <ol>
 * <li><b>State.</b> The database is an ordered map from non-empty byte-array keys to byte-array
 *     values, keys in unsigned lexicographic order ({@link #ORDER}).
 * <li><b>Commits.</b> It changes only by commits. A commit is a list of puts and deletes applied
 *     in order, all at once (a later operation on the same key wins). Commits are numbered
 *     1, 2, 3, ... in the order they take effect; state {@code s} is the empty map followed by
 *     commits 1..s. A plain put, delete or batch is a commit; so is a transaction that wrote
 *     something. Nothing else changes the state.
 * <li><b>Snapshots.</b> A snapshot taken when the last commit is {@code s} shows state {@code s}
 *     forever, whatever commits later.
 * <li><b>Transactions</b> ({@link Txn}): read their snapshot overlaid with their own buffered
 *     writes; their commit is validated against the commits made after the snapshot.
 * <li><b>Durability.</b> After a crash the state is state {@code s} for some {@code s} between
 *     {@link #mustSurvive()} and the last commit attempted: a prefix of the commits, containing
 *     every acknowledged SYNC commit and everything before a completed checkpoint or clean close.
 * </ol>
 *
 * Not modelled: the engine's bound on the commits it remembers for validation (a transaction
 * whose snapshot is older than a million written keys fails as too old), and I/O errors other
 * than "this commit may or may not have happened" ({@link #commitInDoubt}).
 */
public final class KvSpec {
    /** Key order: unsigned lexicographic (0x80 sorts after 0x7f; a prefix sorts first). */
    public static final Comparator<byte[]> ORDER = Arrays::compareUnsigned;

    /** When a commit is durable: SYNC before it is acknowledged; ASYNC and NONE only later. */
    public enum Durability { SYNC, ASYNC, NONE }

    /** Isolation levels; see {@link Txn#commit}. */
    public enum Isolation { SERIALIZABLE, SNAPSHOT }

    /** One operation of a commit; a null value means delete. */
    public record Op(byte[] key, byte[] value) {
        public static Op put(byte[] key, byte[] value) {
            return new Op(key.clone(), value.clone());
        }

        public static Op delete(byte[] key) {
            return new Op(key.clone(), null);
        }
    }

    /** A commit: the last write to each key it touched (null = delete) and its durability. */
    private record Commit(NavigableMap<byte[], byte[]> writes, Durability durability) {}

    /** Thrown by {@link Txn#commit} when validation rejects the transaction; nothing was applied. */
    public static final class Conflict extends RuntimeException {
        Conflict(String message) {
            super(message);
        }
    }

    /** {@code states.get(s)} is state {@code s}; each is never changed once added. */
    private final List<NavigableMap<byte[], byte[]>> states = new ArrayList<>(List.of(Collections.unmodifiableNavigableMap(new TreeMap<>(ORDER))));
    /** {@code commits.get(s - 1)} is commit {@code s}. */
    private final List<Commit> commits = new ArrayList<>();
    /** Commits up to here survive any crash (checkpoint, clean close, or survived a crash). */
    private long durableUpTo;
    /** Commits after this one failed with an I/O error: they may or may not survive a crash. */
    private long acknowledged;

    /** Sequence number of the last acknowledged commit (0 for a new database). */
    public long sequence() {
        return acknowledged;
    }

    /** The current state (state {@link #sequence()}), read-only. */
    public NavigableMap<byte[], byte[]> state() {
        return state(acknowledged);
    }

    /** State {@code s}, read-only. */
    public NavigableMap<byte[], byte[]> state(long s) {
        return states.get(Math.toIntExact(s));
    }

    /** The current value of {@code key}, or null. */
    public byte[] get(byte[] key) {
        byte[] v = state().get(key);
        return v == null ? null : v.clone();
    }

    /** A cursor over the current state. */
    public SpecCursor cursor() {
        return new SpecCursor(state(), null);
    }

    public long put(byte[] key, byte[] value, Durability d) {
        return write(List.of(Op.put(key, value)), d);
    }

    public long delete(byte[] key, Durability d) {
        return write(List.of(Op.delete(key)), d);
    }

    /**
     * A plain write (put, delete or batch): always succeeds, as one new commit. Returns its
     * sequence number. An empty batch is no commit and returns the current sequence.
     */
    public long write(List<Op> ops, Durability d) {
        if (ops.isEmpty()) {
            return acknowledged;
        }
        NavigableMap<byte[], byte[]> writes = new TreeMap<>(ORDER);
        for (Op op : ops) {
            writes.put(op.key().clone(), op.value() == null ? null : op.value().clone());
        }
        return append(writes, d);
    }

    private long append(NavigableMap<byte[], byte[]> writes, Durability d) {
        if (acknowledged != commits.size()) {
            throw new IllegalStateException("no commit is accepted after a failed one until recovery");
        }
        TreeMap<byte[], byte[]> next = new TreeMap<>(state());
        for (Map.Entry<byte[], byte[]> e : writes.entrySet()) {
            if (e.getValue() == null) {
                next.remove(e.getKey());
            } else {
                next.put(e.getKey(), e.getValue());
            }
        }
        commits.add(new Commit(Collections.unmodifiableNavigableMap(writes), d));
        states.add(Collections.unmodifiableNavigableMap(next));
        acknowledged = commits.size();
        return acknowledged;
    }

    /**
     * A write whose call failed with an I/O error: not acknowledged and not visible, but it may
     * have reached the log, so a crash may show it. No commit is accepted after it until
     * {@link #recover}.
     */
    public void commitInDoubt(List<Op> ops) {
        if (!ops.isEmpty()) {
            write(ops, Durability.NONE);
            acknowledged--;
        }
    }

    /** A completed checkpoint or clean close: every acknowledged commit is now durable. */
    public void markDurable() {
        durableUpTo = acknowledged;
    }

    /** The shortest prefix a crash may leave: the last acknowledged SYNC commit or durable point. */
    public long mustSurvive() {
        long s = durableUpTo;
        for (int i = (int) durableUpTo; i < acknowledged; i++) {
            if (commits.get(i).durability() == Durability.SYNC) {
                s = i + 1;
            }
        }
        return s;
    }

    /** Every sequence number {@code s} whose state a crash may leave and which equals {@code state}. */
    public List<Long> sequencesAllowedAfterCrash(SortedMap<byte[], byte[]> state) {
        List<Long> allowed = new ArrayList<>();
        for (long s = mustSurvive(); s <= commits.size(); s++) {
            if (sameContents(state(s), state)) {
                allowed.add(s);
            }
        }
        return allowed;
    }

    /** The durability rule as a predicate: may a crash leave the database in {@code state}? */
    public boolean isAllowedAfterCrash(SortedMap<byte[], byte[]> state) {
        return !sequencesAllowedAfterCrash(state).isEmpty();
    }

    /**
     * Continues after a crash from which recovery came back at commit {@code s}: later commits
     * are gone, open snapshots and transactions with them, and what survived one crash is durable.
     *
     * @throws IllegalArgumentException when a crash may not leave state {@code s}
     */
    public void recover(long s) {
        if (s < mustSurvive() || s > commits.size()) {
            throw new IllegalArgumentException("a crash may leave commits " + mustSurvive() + ".." + commits.size() + ", not " + s);
        }
        commits.subList((int) s, commits.size()).clear();
        states.subList((int) s + 1, states.size()).clear();
        acknowledged = s;
        durableUpTo = s;
    }

    /** A snapshot: state {@link #sequence()}, unchanged by later commits. */
    public Snapshot snapshot() {
        return new Snapshot(acknowledged, state());
    }

    /** A read-only view of one state. */
    public record Snapshot(long sequence, NavigableMap<byte[], byte[]> map) {
        public byte[] get(byte[] key) {
            byte[] v = map.get(key);
            return v == null ? null : v.clone();
        }

        public SpecCursor cursor() {
            return new SpecCursor(map, null);
        }
    }

    public Txn begin(Isolation level) {
        return new Txn(level, acknowledged);
    }

    /** Two maps with the same keys mapped to equal byte contents. */
    public static boolean sameContents(SortedMap<byte[], byte[]> a, SortedMap<byte[], byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        var ia = a.entrySet().iterator();
        var ib = b.entrySet().iterator();
        while (ia.hasNext()) {
            var ea = ia.next();
            var eb = ib.next();
            if (!Arrays.equals(ea.getKey(), eb.getKey()) || !Arrays.equals(ea.getValue(), eb.getValue())) {
                return false;
            }
        }
        return true;
    }

    /**
     * A transaction on the snapshot at {@code snapshot}.
     *
     * <ul>
     * <li><b>Reads</b> see the snapshot overlaid with the transaction's own writes (an own delete
     *     hides the key). A SERIALIZABLE transaction records every key it looked up in the
     *     snapshot (found or not; a key answered by its own writes is not recorded) and the
     *     ranges its cursors swept ({@link SpecCursor}).
     * <li><b>Writes</b> are buffered; nobody else sees them before commit.
     * <li><b>Commit</b>: with no writes, nothing happens and it never fails (a read-only
     *     transaction is ordered at its snapshot). Otherwise, looking at the commits made after
     *     the snapshot: SERIALIZABLE is rejected when one of them wrote a key it recorded or a
     *     key inside a range it recorded (so a blind write, which recorded nothing, never
     *     fails); SNAPSHOT is rejected when one of them wrote a key it writes (first committer
     *     wins). A rejected transaction applies nothing; an accepted one is one new commit.
     * </ul>
     */
    public final class Txn {
        private final Isolation level;
        private final long snapshot;
        private final NavigableMap<byte[], byte[]> writes = new TreeMap<>(ORDER);
        private final List<byte[]> readKeys = new ArrayList<>();
        private final List<SpecCursor.Range> ranges = new ArrayList<>();
        private boolean committed;

        private Txn(Isolation level, long snapshot) {
            this.level = level;
            this.snapshot = snapshot;
        }

        public long snapshotSequence() {
            return snapshot;
        }

        public byte[] get(byte[] key) {
            if (writes.containsKey(key)) {
                byte[] own = writes.get(key);
                return own == null ? null : own.clone();
            }
            if (level == Isolation.SERIALIZABLE) {
                readKeys.add(key.clone());
            }
            byte[] v = state(snapshot).get(key);
            return v == null ? null : v.clone();
        }

        public void put(byte[] key, byte[] value) {
            writes.put(key.clone(), value.clone());
        }

        public void delete(byte[] key) {
            writes.put(key.clone(), null);
        }

        /** A cursor over the transaction's view as of now (snapshot plus own writes). */
        public SpecCursor cursor() {
            TreeMap<byte[], byte[]> view = new TreeMap<>(state(snapshot));
            writes.forEach((k, v) -> {
                if (v == null) {
                    view.remove(k);
                } else {
                    view.put(k, v);
                }
            });
            return new SpecCursor(view, level == Isolation.SERIALIZABLE ? ranges : null);
        }

        /**
         * Commits with durability {@code d}: the new sequence number, or -1 when the transaction
         * wrote nothing.
         *
         * @throws Conflict when validation rejects it
         */
        public long commit(Durability d) {
            if (committed) {
                throw new IllegalStateException("transaction already committed");
            }
            committed = true;
            if (writes.isEmpty()) {
                return -1;
            }
            for (long s = snapshot + 1; s <= acknowledged; s++) {
                for (byte[] written : commits.get((int) s - 1).writes().keySet()) {
                    if (invalidates(written)) {
                        throw new Conflict("commit " + s + " wrote a key this " + level + " transaction depends on");
                    }
                }
            }
            return append(new TreeMap<>(writes), d);
        }

        /** Does a later write of {@code key} reject this transaction? */
        private boolean invalidates(byte[] key) {
            if (level == Isolation.SNAPSHOT) {
                return writes.containsKey(key);
            }
            return readKeys.stream().anyMatch(k -> Arrays.equals(k, key)) || ranges.stream().anyMatch(r -> r.contains(key));
        }
    }
}
