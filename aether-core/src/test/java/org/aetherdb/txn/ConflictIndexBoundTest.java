package org.aetherdb.txn;

import static org.aetherdb.txn.TxnDb.b;
import static org.aetherdb.txn.TxnDb.num;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.aetherdb.AetherDB;
import org.aetherdb.ConflictException;
import org.aetherdb.IsolationLevel;
import org.aetherdb.Transaction;
import org.aetherdb.WriteBatch;
import org.junit.jupiter.api.Test;

/**
 * The conflict index of a running engine stays bounded, as docs/TRANSACTIONS.md promises ("it
 * forgets commits older than every open snapshot, and, beyond one million tracked keys, the
 * oldest commits regardless"), whatever the shape of the write load.
 *
 * <p>White-box: the engine's {@link ConflictIndex} is found by reflection (a search of the
 * engine's object graph for the instance, so the test survives moving it between classes), then
 * observed through its public {@link ConflictIndex#forgottenUpTo()} and {@link ConflictIndex#size()}.
 */
class ConflictIndexBoundTest {
    /** The documented bound on tracked write-set keys. */
    private static final long MAX_TRACKED_KEYS = 1_000_000;

    /** The engine's conflict index, found by a breadth-first search over the fields of org.aetherdb objects. */
    static ConflictIndex conflictIndexOf(AetherDB db) throws IllegalAccessException {
        ArrayDeque<Object> todo = new ArrayDeque<>();
        Map<Object, Boolean> seen = new IdentityHashMap<>();
        todo.add(db);
        while (!todo.isEmpty()) {
            Object o = todo.poll();
            if (o instanceof ConflictIndex ci) {
                return ci;
            }
            if (seen.put(o, true) != null || seen.size() > 10_000) {
                continue;
            }
            for (Class<?> c = o.getClass(); c != null && c.getName().startsWith("org.aetherdb."); c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive() || f.getType().isArray()) {
                        continue;
                    }
                    f.setAccessible(true);
                    Object v = f.get(o);
                    if (v != null && v.getClass().getName().startsWith("org.aetherdb.")) {
                        todo.add(v);
                    }
                }
            }
        }
        throw new AssertionError("no ConflictIndex reachable from the database");
    }

    /**
     * Many commits to a few hot keys (counters, a small table) with no transaction open: 70,000
     * commits of the same 16 keys track 1,120,000 write-set keys. With nothing open, all but the
     * last could be forgotten; at the very least everything beyond the one-million-key bound must
     * be, so the commits up to sequence 70,001 - 1,000,000 / 16 must be forgotten.
     *
     * <p>Fails on the engine as of this test: the engine prunes only when the index holds more
     * than 4096 distinct keys ({@code conflicts.size() > CONFLICT_PRUNE_THRESHOLD}, size() being
     * the distinct-key count), which a hot-key load never reaches, so every commit's write set is
     * kept forever: memory grows without bound, past the documented one-million-key limit.
     */
    @Test
    void hotKeyCommitsAreForgotten() throws IllegalAccessException {
        try (AetherDB db = TxnDb.openMem()) {
            ConflictIndex index = conflictIndexOf(db);
            int commits = 70_000;
            for (int i = 0; i < commits; i++) {
                WriteBatch batch = new WriteBatch();
                for (int k = 0; k < 16; k++) {
                    batch.put(b("hot" + k), num(i));
                }
                db.write(batch);
            }
            long last = db.stats().sequence();
            assertEquals(0, index.size(), "no transaction open: no commit is kept (a group's keys are recorded only while a transaction is open)");
            long mustBeForgotten = last - MAX_TRACKED_KEYS / 16;
            assertTrue(index.forgottenUpTo() >= mustBeForgotten, "after " + commits + " commits of 16 keys (" + commits * 16L
                    + " tracked keys, no transaction open) the index has forgotten commits up to sequence " + index.forgottenUpTo()
                    + "; the one-million-key bound requires at least " + mustBeForgotten);
        }
    }

    /** The same with many distinct keys: here the engine does forget (the contrast that locates the bug). */
    @Test
    void distinctKeyCommitsAreForgotten() throws IllegalAccessException {
        try (AetherDB db = TxnDb.openMem()) {
            ConflictIndex index = conflictIndexOf(db);
            for (int i = 0; i < 10_000; i++) {
                db.put(b("key" + i), num(i));
            }
            assertTrue(index.forgottenUpTo() > 0, "nothing forgotten: " + index.forgottenUpTo());
            assertTrue(index.size() <= 4096 + 1, "index holds " + index.size() + " keys");
        }
    }

    /**
     * Commits 1,100 batches of 1,000 keys (1.1 million tracked keys) cycling over 5,000 distinct
     * keys, so that the engine prunes and the one-million-key bound forgets commits newer than
     * the open transactions' snapshots.
     */
    private static void flood(AetherDB db) {
        int n = 0;
        for (int i = 0; i < 1100; i++) {
            WriteBatch batch = new WriteBatch();
            for (int k = 0; k < 1000; k++) {
                batch.put(b(String.format("d%04d", n++ % 5000)), b("v"));
            }
            db.write(batch);
        }
    }

    /**
     * Transactions older than what the index still tracks fail with a message that says so
     * (a SERIALIZABLE one that read something, a SNAPSHOT one that writes: neither can be
     * validated); a read-only one still commits (read-only transactions never fail).
     */
    @Test
    void tooOldTransactionsFailWithAClearMessage() throws IllegalAccessException {
        try (AetherDB db = TxnDb.openMem()) {
            db.put(b("a"), b("1"));
            try (Transaction reader = db.begin(); Transaction si = db.begin(IsolationLevel.SNAPSHOT); Transaction readOnly = db.begin()) {
                reader.get(b("a"));
                reader.put(b("x"), b("1"));
                si.put(b("w"), b("1"));
                readOnly.get(b("a"));
                flood(db);
                assertTrue(conflictIndexOf(db).forgottenUpTo() > reader.snapshotSequence(), "the bound must have forgotten commits after the snapshot");
                for (Transaction t : List.of(reader, si)) {
                    ConflictException e = assertThrows(ConflictException.class, t::commit);
                    assertTrue(e.getMessage().contains("too old"), e.getMessage());
                }
                readOnly.commit();
                assertEquals(-1, readOnly.commitSequence());
            }
        }
    }

    /**
     * A SERIALIZABLE transaction that only writes has nothing to validate ("blind writes never
     * conflict"), so it must commit however old its snapshot.
     *
     * <p>Fails on the engine as of this test: ConflictIndex.conflict checks the snapshot's age
     * before looking at the level and the read set, so the blind writer fails with "transaction is
     * too old to validate".
     */
    @Test
    void tooOldBlindWriteStillCommits() {
        try (AetherDB db = TxnDb.openMem()) {
            try (Transaction blind = db.begin()) {
                blind.put(b("y"), b("1"));
                blind.delete(b("d0001"));
                flood(db);
                org.junit.jupiter.api.Assertions.assertDoesNotThrow(blind::commit, "a blind write at SERIALIZABLE has nothing to validate");
                assertTrue(blind.commitSequence() > 0);
            }
            assertEquals("1", TxnDb.s(db.get(b("y"))));
            assertNull(db.get(b("d0001")));
        }
    }
}
