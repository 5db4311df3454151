package org.aetherdb.engine;

import java.util.List;
import org.aetherdb.format.Op;
import org.aetherdb.txn.Validation;

/** One caller's commit, waiting in the queue for a leader. */
final class CommitRequest {
    final List<Op> ops;
    final SyncMode durability;
    final boolean hasBlobs;
    final Validation validation;
    final Thread waiter = Thread.currentThread();
    volatile boolean done;
    RuntimeException error;
    long seq;

    CommitRequest(List<Op> ops, SyncMode durability, boolean hasBlobs, Validation validation) {
        this.ops = ops;
        this.durability = durability;
        this.hasBlobs = hasBlobs;
        this.validation = validation;
    }

    byte[][] keys() {
        byte[][] k = new byte[ops.size()][];
        for (int i = 0; i < k.length; i++) {
            k[i] = ops.get(i).key();
        }
        return k;
    }
}
