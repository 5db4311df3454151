package org.aetherdb.txn;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The recent writes that transactions are validated against: for each key written by a recent
 * commit, the sequence number of its latest write, plus the commits in order so the oldest can be
 * forgotten. Used only by the commit leader, under the commit lock.
 *
 * <p>Invariant: for every key {@code k} and every sequence {@code s >= forgottenUpTo},
 * "some commit with sequence {@code > s} wrote {@code k}" holds iff {@code lastWrite(k) > s}.
 * A transaction whose snapshot is older than {@code forgottenUpTo} cannot be validated and fails
 * with a clear message (the bound keeps memory finite under long-running transactions).
 *
 * <p>Validation cost is proportional to what the transaction read: one lookup per key read, and
 * one sub-map walk per range over the recently written keys inside it; never to the database size.
 */
public final class ConflictIndex {
    private record Commit(long seq, byte[][] keys) {}

    private final TreeMap<byte[], Long> lastWrite = new TreeMap<>(Arrays::compareUnsigned);
    private final ArrayDeque<Commit> commits = new ArrayDeque<>();
    private final long maxKeys;
    private long keysHeld;
    private long forgottenUpTo;

    /**
     * @param maxKeys        most write-set keys kept; beyond it the oldest commits are forgotten
     * @param forgottenUpTo  commits up to this sequence are unknown (those before this process opened the database)
     */
    public ConflictIndex(long maxKeys, long forgottenUpTo) {
        this.maxKeys = maxKeys;
        this.forgottenUpTo = forgottenUpTo;
    }

    /**
     * Null when the transaction may commit; otherwise why not (names the key or range).
     */
    public String conflict(Validation v, List<byte[]> writeKeys) {
        long s = v.snapshotSeq();
        if (v.level() == Isolation.SERIALIZABLE && v.reads().isEmpty()) {
            return null; // a blind write has nothing to validate, however old its snapshot
        }
        if (s < forgottenUpTo) {
            return "transaction is too old to validate: its snapshot is at sequence " + s
                    + " but writes before sequence " + (forgottenUpTo + 1) + " are no longer tracked";
        }
        if (v.level() == Isolation.SNAPSHOT) {
            for (byte[] k : writeKeys) {
                Long w = lastWrite.get(k);
                if (w != null && w > s) {
                    return "write-write conflict on key " + Keys.show(k) + ": written by the commit at sequence " + w
                            + " after this transaction's snapshot at " + s;
                }
            }
            return null;
        }
        for (byte[] k : v.reads().keys()) {
            Long w = lastWrite.get(k);
            if (w != null && w > s) {
                return "read-write conflict on key " + Keys.show(k) + ": written by the commit at sequence " + w
                        + " after this transaction's snapshot at " + s;
            }
        }
        for (ReadSet.Range r : v.reads().ranges()) {
            Map<byte[], Long> in = r.low() == null && r.high() == null ? lastWrite
                    : r.low() == null ? lastWrite.headMap(r.high(), true)
                    : r.high() == null ? lastWrite.tailMap(r.low(), true)
                    : Arrays.compareUnsigned(r.low(), r.high()) > 0 ? Map.of()
                    : lastWrite.subMap(r.low(), true, r.high(), true);
            for (Map.Entry<byte[], Long> e : in.entrySet()) {
                if (e.getValue() > s) {
                    return "phantom conflict in range " + r + ": key " + Keys.show(e.getKey()) + " written by the commit at sequence "
                            + e.getValue() + " after this transaction's snapshot at " + s;
                }
            }
        }
        return null;
    }

    /**
     * Records commit {@code seq}'s written keys (in increasing sequence order). Enforces the size
     * bound at once, so memory stays bounded whatever the write pattern (hot keys included).
     */
    public void record(long seq, byte[][] keys) {
        for (byte[] k : keys) {
            lastWrite.put(k, seq);
        }
        commits.addLast(new Commit(seq, keys));
        keysHeld += keys.length;
        while (keysHeld > maxKeys && commits.size() > 1) {
            forgetOldest();
        }
    }

    /**
     * Forgets commits no transaction can need ({@code seq <= oldestSnapshot}) and, beyond the
     * size bound, the oldest ones regardless (later validations of older snapshots then fail).
     */
    public void prune(long oldestSnapshot) {
        while (!commits.isEmpty() && (commits.peekFirst().seq() <= oldestSnapshot || keysHeld > maxKeys)) {
            forgetOldest();
        }
    }

    /**
     * Forgets every commit up to {@code seq}, including ones never recorded: for when no
     * registered snapshot is older than {@code seq}, so none can be validated against them.
     */
    public void forgetUpTo(long seq) {
        if (!commits.isEmpty() && commits.peekLast().seq() <= seq) {
            lastWrite.clear(); // all of it: cheaper than one removal per key
            commits.clear();
            keysHeld = 0;
        }
        while (!commits.isEmpty() && commits.peekFirst().seq() <= seq) {
            forgetOldest();
        }
        forgottenUpTo = Math.max(forgottenUpTo, seq);
    }

    private void forgetOldest() {
        Commit c = commits.pollFirst();
        for (byte[] k : c.keys()) {
            Long w = lastWrite.get(k);
            if (w != null && w == c.seq()) {
                lastWrite.remove(k);
            }
        }
        keysHeld -= c.keys().length;
        forgottenUpTo = Math.max(forgottenUpTo, c.seq());
    }

    /** Write-set keys held over all remembered commits (what the size bound counts). */
    public long heldKeys() {
        return keysHeld;
    }

    public long forgottenUpTo() {
        return forgottenUpTo;
    }

    /** Distinct keys in the index. */
    public int size() {
        return lastWrite.size();
    }
}
