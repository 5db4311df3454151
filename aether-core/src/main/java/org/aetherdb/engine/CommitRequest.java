package org.aetherdb.engine;

import java.util.List;
import org.aetherdb.format.Logged;
import org.aetherdb.format.Op;
import org.aetherdb.txn.Validation;

/**
 * One caller's commit, waiting in the queue for a leader. A collector's rewrite ({@link
 * Engine#collectValues}) carries, for each operation, the reference its key is expected to hold
 * ({@code expected}): the leader drops an operation whose key no longer holds it (overwritten or
 * deleted meanwhile), so a rewrite never brings back an old value.
 */
final class CommitRequest {
    final List<Op> ops;
    final SyncMode durability;
    final boolean hasBlobs;
    final Validation validation;
    /** Null for an ordinary commit; for a rewrite, the reference each operation's key must still hold. */
    final List<Logged> expected;
    final Thread waiter = Thread.currentThread();
    volatile boolean done;
    RuntimeException error;
    long seq;

    CommitRequest(List<Op> ops, SyncMode durability, boolean hasBlobs, Validation validation) {
        this(ops, durability, hasBlobs, validation, null);
    }

    private CommitRequest(List<Op> ops, SyncMode durability, boolean hasBlobs, Validation validation, List<Logged> expected) {
        this.ops = ops;
        this.durability = durability;
        this.hasBlobs = hasBlobs;
        this.validation = validation;
        this.expected = expected;
    }

    /** A rewrite of values kept in the log: {@code ops.get(i)} puts the bytes {@code expected.get(i)} refers to. */
    static CommitRequest rewrite(List<Op> ops, List<Logged> expected) {
        if (ops.size() != expected.size()) {
            throw new IllegalArgumentException(ops.size() + " rewrites, " + expected.size() + " expected references");
        }
        return new CommitRequest(ops, SyncMode.NONE, false, null, expected);
    }

    byte[][] keys() {
        byte[][] k = new byte[ops.size()][];
        for (int i = 0; i < k.length; i++) {
            k[i] = ops.get(i).key();
        }
        return k;
    }
}
