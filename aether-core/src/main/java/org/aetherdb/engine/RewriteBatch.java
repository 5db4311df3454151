package org.aetherdb.engine;

import java.util.List;
import org.aetherdb.format.Logged;
import org.aetherdb.format.Op;

/**
 * Values the collector rewrites, carried by the next client commit's record instead of a record
 * of their own, so collection takes no sequence number and changes nothing a reader can see:
 * {@code ops.get(i)} puts again the bytes that {@code expected.get(i)} refers to, and the leader
 * keeps it only while its key still holds that reference.
 *
 * <p>Invariant: {@code done} is set once a group took the batch and ended (published or
 * failed); until then the collector offers no other.
 */
final class RewriteBatch {
    final List<Op> ops;
    final List<Logged> expected;
    final long bytes;
    volatile boolean done;

    RewriteBatch(List<Op> ops, List<Logged> expected, long bytes) {
        if (ops.size() != expected.size()) {
            throw new IllegalArgumentException(ops.size() + " rewrites, " + expected.size() + " expected references");
        }
        this.ops = ops;
        this.expected = expected;
        this.bytes = bytes;
    }
}
