package org.aetherdb.txn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.aetherdb.IsolationLevel;
import org.junit.jupiter.api.Test;

/** The validation rules and the bounded memory of the conflict index, without an engine. */
class ConflictIndexTest {
    private static byte[] k(String s) {
        return s.getBytes();
    }

    private static Validation serializable(long snapshot, ReadSet reads) {
        return new Validation(snapshot, IsolationLevel.SERIALIZABLE, reads);
    }

    @Test
    void readKeysAndRangesConflictOnlyWithLaterWrites() {
        ConflictIndex idx = new ConflictIndex(1000, 0);
        idx.record(1, new byte[][] {k("a")});
        idx.record(2, new byte[][] {k("m")});
        ReadSet readA = new ReadSet();
        readA.key(k("a"));
        assertNull(idx.conflict(serializable(1, readA), List.of()), "write at 1 is in the snapshot at 1");
        assertNotNull(idx.conflict(serializable(0, readA), List.of()), "write at 1 is after the snapshot at 0");
        ReadSet range = new ReadSet();
        range.range(k("b"), k("z"));
        String c = idx.conflict(serializable(1, range), List.of());
        assertTrue(c != null && c.contains("\"m\""), c);
        ReadSet below = new ReadSet();
        below.range(null, k("l"));
        assertNull(idx.conflict(serializable(1, below), List.of()));
        ReadSet.Range r = below.ranges().getFirst();
        r.unboundHigh();
        assertNotNull(idx.conflict(serializable(1, below), List.of()), "a widened range sees the write at m");
        assertNull(idx.conflict(serializable(0, new ReadSet()), List.of(k("a"))), "blind writes never conflict");
    }

    @Test
    void snapshotLevelChecksWriteWriteOnly() {
        ConflictIndex idx = new ConflictIndex(1000, 0);
        idx.record(5, new byte[][] {k("x")});
        ReadSet reads = new ReadSet();
        reads.key(k("x"));
        Validation si = new Validation(4, IsolationLevel.SNAPSHOT, reads);
        assertNull(idx.conflict(si, List.of(k("y"))), "a read of x does not matter under SNAPSHOT");
        assertNotNull(idx.conflict(si, List.of(k("x"))), "first committer wins on x");
    }

    @Test
    void forgettingIsBoundedAndTooOldSnapshotsFailClearly() {
        ConflictIndex idx = new ConflictIndex(10, 0);
        for (int s = 1; s <= 20; s++) {
            idx.record(s, new byte[][] {k("key" + s)});
        }
        idx.prune(3); // oldest open snapshot at 3, but the size bound forgets more
        assertTrue(idx.size() <= 10, "size bound " + idx.size());
        assertEquals(10, idx.forgottenUpTo());
        ReadSet readsSomething = new ReadSet();
        readsSomething.key(k("unrelated"));
        String old = idx.conflict(serializable(5, readsSomething), List.of());
        assertTrue(old != null && old.contains("too old"), old);
        assertNull(idx.conflict(serializable(5, new ReadSet()), List.of(k("key1"))), "a blind write is never too old");
        String oldSi = idx.conflict(new Validation(5, IsolationLevel.SNAPSHOT, new ReadSet()), List.of(k("key1")));
        assertTrue(oldSi != null && oldSi.contains("too old"), "a SNAPSHOT writer needs the history: " + oldSi);
        ReadSet reads = new ReadSet();
        reads.key(k("key15"));
        assertNotNull(idx.conflict(serializable(12, reads), List.of()), "writes after the forgotten point still conflict");
        assertNull(idx.conflict(serializable(15, reads), List.of()));
    }
}
