package org.aetherdb.txn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The validation rules and the bounded memory of the conflict index, without an engine. */
class ConflictIndexTest {
    private static byte[] k(String s) {
        return s.getBytes();
    }

    private static Validation serializable(long snapshot, ReadSet reads) {
        return new Validation(snapshot, Isolation.SERIALIZABLE, reads);
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
        Validation si = new Validation(4, Isolation.SNAPSHOT, reads);
        assertNull(idx.conflict(si, List.of(k("y"))), "a read of x does not matter under SNAPSHOT");
        assertNotNull(idx.conflict(si, List.of(k("x"))), "first committer wins on x");
    }

    /** Commits never recorded (no snapshot could need them) are forgotten as a whole: older snapshots fail clearly, newer ones validate. */
    @Test
    void forgetUpToDropsEverythingAndRaisesTheWatermark() {
        ConflictIndex idx = new ConflictIndex(1000, 0);
        idx.record(1, new byte[][] {k("a")});
        idx.record(2, new byte[][] {k("b")});
        idx.forgetUpTo(7); // commits 3..7 were never recorded
        assertEquals(0, idx.size());
        assertEquals(0, idx.heldKeys());
        assertEquals(7, idx.forgottenUpTo());
        ReadSet readA = new ReadSet();
        readA.key(k("a"));
        String old = idx.conflict(serializable(6, readA), List.of());
        assertTrue(old != null && old.contains("too old"), "a snapshot before an unrecorded commit cannot be validated: " + old);
        assertNull(idx.conflict(serializable(7, readA), List.of()), "a snapshot at the watermark needs none of them");
        idx.record(8, new byte[][] {k("a")});
        assertNotNull(idx.conflict(serializable(7, readA), List.of()), "recording resumes after the watermark");
        idx.forgetUpTo(3);
        assertEquals(7, idx.forgottenUpTo(), "the watermark never goes back");
        assertNotNull(idx.conflict(serializable(7, readA), List.of()), "a later commit is kept");
    }

    /** Forgetting up to a commit in the middle keeps the later ones, exactly. */
    @Test
    void forgetUpToAMiddleCommitKeepsTheLaterOnes() {
        ConflictIndex idx = new ConflictIndex(1000, 0);
        idx.record(3, new byte[][] {k("a")});
        idx.record(5, new byte[][] {k("b")});
        idx.record(8, new byte[][] {k("c")});
        idx.forgetUpTo(5);
        assertEquals(1, idx.heldKeys(), "commits 3 and 5 forgotten, 8 kept");
        assertEquals(5, idx.forgottenUpTo());
        ReadSet readB = new ReadSet();
        readB.key(k("b"));
        assertNull(idx.conflict(serializable(5, readB), List.of()), "b was written at 5, within the snapshot");
        ReadSet readC = new ReadSet();
        readC.key(k("c"));
        assertNotNull(idx.conflict(serializable(5, readC), List.of()), "c written at 8, after the snapshot");
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
        String oldSi = idx.conflict(new Validation(5, Isolation.SNAPSHOT, new ReadSet()), List.of(k("key1")));
        assertTrue(oldSi != null && oldSi.contains("too old"), "a SNAPSHOT writer needs the history: " + oldSi);
        ReadSet reads = new ReadSet();
        reads.key(k("key15"));
        assertNotNull(idx.conflict(serializable(12, reads), List.of()), "writes after the forgotten point still conflict");
        assertNull(idx.conflict(serializable(15, reads), List.of()));
    }

    @Test
    void aSingleKeyRangeSeesAWriteToThatKey() {
        ConflictIndex idx = new ConflictIndex(1000, 0);
        idx.record(3, new byte[][] {k("m")});
        ReadSet point = new ReadSet();
        point.range(k("m"), k("m")); // a cursor that read exactly one key
        String c = idx.conflict(serializable(2, point), List.of());
        assertTrue(c != null && c.contains("phantom conflict in range [\"m\", \"m\"]"), c);
        assertNull(idx.conflict(serializable(3, point), List.of()));
        ReadSet empty = new ReadSet();
        empty.range(k("n"), k("m")); // low above high: an empty range reads nothing
        assertNull(idx.conflict(serializable(2, empty), List.of()));
    }

    @Test
    void theForgottenBoundIsExact() {
        ConflictIndex idx = new ConflictIndex(1000, 0);
        for (int s = 1; s <= 5; s++) {
            idx.record(s, new byte[][] {k("key" + s)});
        }
        assertEquals(5, idx.heldKeys());
        assertEquals(5, idx.size());
        idx.prune(3); // no snapshot at or before 3 remains: commits 1-3 can go, 4 and 5 stay
        assertEquals(3, idx.forgottenUpTo());
        assertEquals(2, idx.heldKeys());
        assertEquals(2, idx.size());
        ReadSet reads = new ReadSet();
        reads.key(k("unrelated"));
        assertNull(idx.conflict(serializable(3, reads), List.of()), "a snapshot at the forgotten point is still validated exactly");
        String old = idx.conflict(serializable(2, reads), List.of());
        assertTrue(old != null && old.contains("snapshot is at sequence 2 but writes before sequence 4 are no longer tracked"), old);
        ReadSet read4 = new ReadSet();
        read4.key(k("key4"));
        assertNotNull(idx.conflict(serializable(3, read4), List.of()));
        // the same key written again: forgetting the older write keeps the newer one
        idx.record(6, new byte[][] {k("key4")});
        idx.prune(4);
        assertEquals(2, idx.size());
        assertNotNull(idx.conflict(serializable(5, read4), List.of()), "key4's write at 6 is remembered");
    }

    @Test
    void theSizeBoundHoldsAfterEveryRecordButNeverDropsTheNewestCommit() {
        ConflictIndex idx = new ConflictIndex(10, 0);
        for (int s = 1; s <= 10; s++) {
            idx.record(s, new byte[][] {k("key" + s)});
            assertEquals(s, idx.heldKeys());
        }
        assertEquals(0, idx.forgottenUpTo(), "exactly at the bound nothing is forgotten");
        idx.record(11, new byte[][] {k("key11")});
        assertEquals(10, idx.heldKeys());
        assertEquals(1, idx.forgottenUpTo());
        byte[][] many = new byte[25][];
        for (int i = 0; i < many.length; i++) {
            many[i] = k("bulk" + i);
        }
        idx.record(12, many); // alone above the bound: the older commits go, this one stays
        assertEquals(25, idx.heldKeys());
        assertEquals(11, idx.forgottenUpTo());
        ReadSet reads = new ReadSet();
        reads.key(k("bulk3"));
        assertNotNull(idx.conflict(serializable(11, reads), List.of()));
        idx.prune(0);
        assertEquals(0, idx.heldKeys(), "prune enforces the bound too");
    }

    @Test
    void keysInMessagesArePrintableTextOrHexAndCutAfterForty() {
        assertEquals("\" ~\"", Keys.show(new byte[] {0x20, 0x7e}));
        assertEquals("0x1f41", Keys.show(new byte[] {0x1f, 0x41}));
        assertEquals("0x7f41", Keys.show(new byte[] {0x7f, 0x41}));
        assertEquals("0x80", Keys.show(new byte[] {(byte) 0x80}));
        String forty = "a".repeat(40);
        assertEquals("\"" + forty + "\"", Keys.show(forty.getBytes()));
        assertEquals("\"" + forty + "\"...", Keys.show((forty + "b").getBytes()));
    }
}
