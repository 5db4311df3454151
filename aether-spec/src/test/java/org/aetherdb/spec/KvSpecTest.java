package org.aetherdb.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeMap;
import org.aetherdb.spec.KvSpec.Durability;
import org.aetherdb.spec.KvSpec.Isolation;
import org.junit.jupiter.api.Test;

/** The specification checked against hand-worked cases: the oracle must reject what is wrong. */
class KvSpecTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static TreeMap<byte[], byte[]> map(String... kv) {
        TreeMap<byte[], byte[]> m = new TreeMap<>(KvSpec.ORDER);
        for (int i = 0; i < kv.length; i += 2) {
            m.put(b(kv[i]), b(kv[i + 1]));
        }
        return m;
    }

    @Test
    void keysAreInUnsignedOrderAndPrefixesFirst() {
        KvSpec db = new KvSpec();
        db.put(new byte[] {(byte) 0x80}, b("high"), Durability.SYNC);
        db.put(new byte[] {0x7f}, b("low"), Durability.SYNC);
        db.put(new byte[] {0x7f, 0}, b("longer"), Durability.SYNC);
        SpecCursor c = db.cursor();
        c.seekToFirst();
        assertArrayEquals(new byte[] {0x7f}, c.key());
        c.next();
        assertArrayEquals(new byte[] {0x7f, 0}, c.key());
        c.next();
        assertArrayEquals(new byte[] {(byte) 0x80}, c.key());
        c.next();
        assertFalse(c.isValid());
    }

    @Test
    void durabilityAdmitsExactlyThePrefixesThatKeepEverySyncCommit() {
        KvSpec db = new KvSpec();
        db.put(b("a"), b("1"), Durability.SYNC);
        db.put(b("b"), b("2"), Durability.NONE);
        db.write(List.of(KvSpec.Op.put(b("c"), b("3")), KvSpec.Op.delete(b("a"))), Durability.ASYNC);
        assertEquals(1, db.mustSurvive());
        assertTrue(db.isAllowedAfterCrash(map("a", "1")));
        assertTrue(db.isAllowedAfterCrash(map("a", "1", "b", "2")));
        assertTrue(db.isAllowedAfterCrash(map("b", "2", "c", "3")));
        assertFalse(db.isAllowedAfterCrash(map()), "lost an acknowledged SYNC commit");
        assertFalse(db.isAllowedAfterCrash(map("a", "1", "c", "3")), "not a prefix: a hole");
        assertFalse(db.isAllowedAfterCrash(map("a", "1", "b", "2", "c", "3")), "half of the last commit");
        assertFalse(db.isAllowedAfterCrash(map("a", "9")), "a value never written");
        assertFalse(db.isAllowedAfterCrash(map("a", "1", "x", "1")), "a key never written");
        db.markDurable();
        assertFalse(db.isAllowedAfterCrash(map("a", "1", "b", "2")), "lost commits before a checkpoint");
        assertEquals(List.of(3L), db.sequencesAllowedAfterCrash(map("b", "2", "c", "3")));
    }

    @Test
    void aLaterSyncCommitMakesEarlierOnesDurable() {
        KvSpec db = new KvSpec();
        db.put(b("a"), b("1"), Durability.NONE);
        db.put(b("b"), b("2"), Durability.SYNC);
        assertFalse(db.isAllowedAfterCrash(map("a", "1")));
        assertTrue(db.isAllowedAfterCrash(map("a", "1", "b", "2")));
    }

    @Test
    void recoveryContinuesFromTheSurvivingPrefix() {
        KvSpec db = new KvSpec();
        db.put(b("a"), b("1"), Durability.SYNC);
        db.put(b("b"), b("2"), Durability.NONE);
        assertThrows(IllegalArgumentException.class, () -> db.recover(0));
        db.recover(1);
        assertEquals(1, db.sequence());
        assertNull(db.get(b("b")));
        assertEquals(2, db.put(b("c"), b("3"), Durability.NONE));
        assertFalse(db.isAllowedAfterCrash(map()), "what survived one crash survives the next");
    }

    @Test
    void aCommitInDoubtMayOrMayNotSurviveAndIsNotVisible() {
        KvSpec db = new KvSpec();
        db.put(b("a"), b("1"), Durability.SYNC);
        db.commitInDoubt(List.of(KvSpec.Op.put(b("b"), b("2"))));
        assertNull(db.get(b("b")));
        assertEquals(1, db.sequence());
        assertThrows(IllegalStateException.class, () -> db.put(b("c"), b("3"), Durability.SYNC));
        assertTrue(db.isAllowedAfterCrash(map("a", "1")));
        assertTrue(db.isAllowedAfterCrash(map("a", "1", "b", "2")));
        db.recover(2);
        assertArrayEquals(b("2"), db.get(b("b")));
    }

    @Test
    void snapshotsNeverChange() {
        KvSpec db = new KvSpec();
        db.put(b("a"), b("1"), Durability.SYNC);
        KvSpec.Snapshot s = db.snapshot();
        db.put(b("a"), b("2"), Durability.SYNC);
        db.delete(b("a"), Durability.SYNC);
        assertArrayEquals(b("1"), s.get(b("a")));
        assertEquals(1, s.sequence());
    }

    /** Write skew: each transaction reads both accounts and drains a different one. */
    private static boolean writeSkewCommitsBoth(Isolation level) {
        KvSpec db = new KvSpec();
        db.write(List.of(KvSpec.Op.put(b("x"), b("1")), KvSpec.Op.put(b("y"), b("1"))), Durability.SYNC);
        KvSpec.Txn t1 = db.begin(level);
        KvSpec.Txn t2 = db.begin(level);
        t1.get(b("x"));
        t1.get(b("y"));
        t2.get(b("x"));
        t2.get(b("y"));
        t1.put(b("x"), b("0"));
        t2.put(b("y"), b("0"));
        t1.commit(Durability.SYNC);
        try {
            t2.commit(Durability.SYNC);
            return true;
        } catch (KvSpec.Conflict e) {
            return false;
        }
    }

    @Test
    void writeSkewIsRejectedAtSerializableAndAdmittedAtSnapshot() {
        assertFalse(writeSkewCommitsBoth(Isolation.SERIALIZABLE));
        assertTrue(writeSkewCommitsBoth(Isolation.SNAPSHOT));
    }

    @Test
    void snapshotIsolationIsFirstCommitterWins() {
        KvSpec db = new KvSpec();
        KvSpec.Txn t1 = db.begin(Isolation.SNAPSHOT);
        KvSpec.Txn t2 = db.begin(Isolation.SNAPSHOT);
        t1.put(b("k"), b("1"));
        t2.put(b("k"), b("2"));
        assertEquals(1, t1.commit(Durability.SYNC));
        assertThrows(KvSpec.Conflict.class, () -> t2.commit(Durability.SYNC));
        assertArrayEquals(b("1"), db.get(b("k")));
    }

    @Test
    void aPhantomInASweptRangeIsRejectedOutsideItIsNot() {
        KvSpec db = new KvSpec();
        db.put(b("b"), b("1"), Durability.SYNC);
        db.put(b("d"), b("1"), Durability.SYNC);
        KvSpec.Txn inside = db.begin(Isolation.SERIALIZABLE);
        KvSpec.Txn second = db.begin(Isolation.SERIALIZABLE);
        for (KvSpec.Txn t : List.of(inside, second)) {
            SpecCursor c = t.cursor();
            c.seek(b("a"));  // sweeps [a, b]
            c.next();        // widens to [a, d]
            t.put(b("z"), b("w"));
        }
        db.put(b("c"), b("new"), Durability.SYNC); // inside [a, d]
        assertThrows(KvSpec.Conflict.class, () -> inside.commit(Durability.SYNC));
        KvSpec.Txn later = db.begin(Isolation.SERIALIZABLE);
        SpecCursor c = later.cursor();
        c.seek(b("a"));
        later.put(b("z"), b("w"));
        db.put(b("e"), b("new"), Durability.SYNC); // outside [a, b]
        assertEquals(db.sequence() + 1, later.commit(Durability.SYNC));
        assertThrows(KvSpec.Conflict.class, () -> second.commit(Durability.SYNC));
    }

    @Test
    void runningOffTheEndMakesTheRangeUnbounded() {
        KvSpec db = new KvSpec();
        db.put(b("m"), b("1"), Durability.SYNC);
        KvSpec.Txn t = db.begin(Isolation.SERIALIZABLE);
        SpecCursor c = t.cursor();
        c.seek(b("n")); // off the end: [n, +inf)
        assertFalse(c.isValid());
        t.put(b("a"), b("1"));
        db.put(b("zzz"), b("1"), Durability.SYNC);
        assertThrows(KvSpec.Conflict.class, () -> t.commit(Durability.SYNC));
    }

    @Test
    void blindWritesAndReadOnlyTransactionsNeverFail() {
        KvSpec db = new KvSpec();
        KvSpec.Txn blind = db.begin(Isolation.SERIALIZABLE);
        KvSpec.Txn reader = db.begin(Isolation.SERIALIZABLE);
        blind.put(b("k"), b("1"));
        assertNull(reader.get(b("k")));
        db.put(b("k"), b("0"), Durability.SYNC);
        assertEquals(2, blind.commit(Durability.SYNC));
        assertEquals(-1, reader.commit(Durability.SYNC));
    }

    @Test
    void plainWritesInvalidateReadersAndOwnWritesAreNotReads() {
        KvSpec db = new KvSpec();
        KvSpec.Txn t = db.begin(Isolation.SERIALIZABLE);
        t.put(b("own"), b("1"));
        assertArrayEquals(b("1"), t.get(b("own")));
        db.put(b("own"), b("other"), Durability.SYNC);
        assertEquals(2, t.commit(Durability.SYNC), "an own write answered the read: nothing recorded");
        KvSpec.Txn u = db.begin(Isolation.SERIALIZABLE);
        assertNull(u.get(b("missing")));
        u.put(b("x"), b("1"));
        db.put(b("missing"), b("now"), Durability.NONE);
        assertThrows(KvSpec.Conflict.class, () -> u.commit(Durability.SYNC), "a read that found nothing counts");
    }
}
