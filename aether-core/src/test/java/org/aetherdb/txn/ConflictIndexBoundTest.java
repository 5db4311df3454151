package org.aetherdb.txn;

import static org.aetherdb.txn.TxnDb.b;
import static org.aetherdb.txn.TxnDb.num;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Map;
import org.aetherdb.AetherDB;
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
            assertEquals(16, index.size());
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
}
