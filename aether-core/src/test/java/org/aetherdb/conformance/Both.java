package org.aetherdb.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.aetherdb.AetherDB;
import org.aetherdb.ConflictException;
import org.aetherdb.Cursor;
import org.aetherdb.Durability;
import org.aetherdb.IsolationLevel;
import org.aetherdb.Options;
import org.aetherdb.Snapshot;
import org.aetherdb.Transaction;
import org.aetherdb.VerifyReport;
import org.aetherdb.WriteBatch;
import org.aetherdb.io.MemFileIO;
import org.aetherdb.spec.KvSpec;
import org.aetherdb.spec.SpecCursor;

/**
 * The engine (on an in-memory file system) and the specification side by side: every operation
 * is applied to both and every result compared. Open snapshots and transactions are kept in
 * pairs. One instance per jqwik try.
 */
final class Both {
    static final Path DIR = Path.of("/mem/conformance");

    /** An engine snapshot and the spec's. */
    record Snap(Snapshot engine, KvSpec.Snapshot spec) {}

    /** An engine transaction and the spec's. */
    record Tx(Transaction engine, KvSpec.Txn spec) {}

    /** How a cursor is positioned and moved: 0 seekToFirst, 1 seekToLast, 2 seek, 3 seekForPrev; steps true = next. */
    record Scan(int seek, int target, List<Boolean> steps) {
        @Override
        public String toString() {
            String[] names = {"first", "last", "seek " + target, "seekForPrev " + target};
            StringBuilder s = new StringBuilder(names[seek]);
            steps.forEach(next -> s.append(next ? " >" : " <"));
            return s.toString();
        }
    }

    /** Operation counters of this try, summed by the test. */
    static final java.util.concurrent.atomic.AtomicLong ACTIONS = new java.util.concurrent.atomic.AtomicLong();
    static final java.util.concurrent.atomic.AtomicLong CONFLICTS = new java.util.concurrent.atomic.AtomicLong();
    static final java.util.concurrent.atomic.AtomicLong COMMITS = new java.util.concurrent.atomic.AtomicLong();
    static final java.util.concurrent.atomic.AtomicLong CRASHES = new java.util.concurrent.atomic.AtomicLong();

    final KvSpec spec = new KvSpec();
    final List<Snap> snaps = new ArrayList<>();
    final List<Tx> txs = new ArrayList<>();
    MemFileIO fs = new MemFileIO();
    Durability durability = Durability.SYNC;
    AetherDB db;

    Both() {
        fs.createDirectories(DIR);
        db = AetherDB.open(DIR, options());
    }

    Options options() {
        return Options.builder().pageSize(Gen.PAGE).fileIO(fs).durability(durability)
                .checkpointInterval(Duration.ZERO).checkpointLogBytes(1 << 20).walSegmentSize(1 << 20)
                .asyncSyncDelay(Duration.ofMillis(1)).cacheSize(1 << 20).build();
    }

    KvSpec.Durability specDurability() {
        return KvSpec.Durability.valueOf(durability.name());
    }

    void put(int k, byte[] v) {
        ACTIONS.incrementAndGet();
        db.put(Gen.key(k), v);
        spec.put(Gen.key(k), v, specDurability());
    }

    void delete(int k) {
        ACTIONS.incrementAndGet();
        db.delete(Gen.key(k));
        spec.delete(Gen.key(k), specDurability());
    }

    /** {@code ops}: key number and value, null = delete. */
    void batch(List<KvSpec.Op> ops) {
        ACTIONS.incrementAndGet();
        WriteBatch b = new WriteBatch();
        ops.forEach(op -> {
            if (op.value() == null) {
                b.delete(op.key());
            } else {
                b.put(op.key(), op.value());
            }
        });
        db.write(b);
        spec.write(ops, specDurability());
    }

    void get(int k) {
        ACTIONS.incrementAndGet();
        assertArrayEquals(spec.get(Gen.key(k)), db.get(Gen.key(k)), "get " + k);
    }

    void scan(Scan s) {
        ACTIONS.incrementAndGet();
        try (Cursor c = db.newCursor()) {
            compare(s, c, spec.cursor());
        }
    }

    void openSnapshot() {
        ACTIONS.incrementAndGet();
        Snapshot e = db.snapshot();
        KvSpec.Snapshot m = spec.snapshot();
        assertEquals(m.sequence(), e.sequence(), "snapshot sequence");
        snaps.add(new Snap(e, m));
    }

    void snapshotGet(int i, int k) {
        ACTIONS.incrementAndGet();
        Snap s = snaps.get(i % snaps.size());
        assertArrayEquals(s.spec().get(Gen.key(k)), s.engine().get(Gen.key(k)), "snapshot get " + k);
    }

    void snapshotScan(int i, Scan scan) {
        ACTIONS.incrementAndGet();
        Snap s = snaps.get(i % snaps.size());
        try (Cursor c = s.engine().newCursor()) {
            compare(scan, c, s.spec().cursor());
        }
    }

    void closeSnapshot(int i) {
        ACTIONS.incrementAndGet();
        snaps.remove(i % snaps.size()).engine().close();
    }

    void begin(boolean serializable) {
        ACTIONS.incrementAndGet();
        Transaction e = db.begin(serializable ? IsolationLevel.SERIALIZABLE : IsolationLevel.SNAPSHOT);
        KvSpec.Txn m = spec.begin(serializable ? KvSpec.Isolation.SERIALIZABLE : KvSpec.Isolation.SNAPSHOT);
        assertEquals(m.snapshotSequence(), e.snapshotSequence(), "transaction snapshot sequence");
        txs.add(new Tx(e, m));
    }

    Tx tx(int i) {
        return txs.get(i % txs.size());
    }

    void txGet(int i, int k) {
        ACTIONS.incrementAndGet();
        Tx t = tx(i);
        assertArrayEquals(t.spec().get(Gen.key(k)), t.engine().get(Gen.key(k)), "transaction get " + k);
    }

    void txPut(int i, int k, byte[] v) {
        ACTIONS.incrementAndGet();
        tx(i).engine().put(Gen.key(k), v);
        tx(i).spec().put(Gen.key(k), v);
    }

    void txDelete(int i, int k) {
        ACTIONS.incrementAndGet();
        tx(i).engine().delete(Gen.key(k));
        tx(i).spec().delete(Gen.key(k));
    }

    void txScan(int i, Scan scan) {
        ACTIONS.incrementAndGet();
        try (Cursor c = tx(i).engine().newCursor()) {
            compare(scan, c, tx(i).spec().cursor());
        }
    }

    /** Commit outcome (conflict or the new sequence number) must be exactly the spec's. */
    void txCommit(int i) {
        ACTIONS.incrementAndGet();
        Tx t = txs.remove(i % txs.size());
        String expected;
        try {
            expected = "committed at " + t.spec().commit(specDurability());
        } catch (KvSpec.Conflict c) {
            expected = "conflict";
        }
        String actual;
        try (Transaction e = t.engine()) {
            e.commit();
            actual = "committed at " + e.commitSequence();
        } catch (ConflictException c) {
            actual = "conflict";
        }
        assertEquals(expected, actual, "transaction commit outcome");
        (actual.equals("conflict") ? CONFLICTS : COMMITS).incrementAndGet();
    }

    void txRollback(int i) {
        ACTIONS.incrementAndGet();
        try (Transaction e = txs.remove(i % txs.size()).engine()) {
            e.rollback();
        }
    }

    void checkpoint() {
        ACTIONS.incrementAndGet();
        db.checkpoint();
        spec.markDurable();
    }

    private void dropViews() {
        snaps.forEach(s -> s.engine().close());
        snaps.clear();
        txs.forEach(t -> t.engine().close());
        txs.clear();
    }

    /** Clean close, {@code verify}, reopen with durability {@code d}. */
    void reopen(Durability d) {
        ACTIONS.incrementAndGet();
        dropViews();
        db.close();
        spec.markDurable();
        VerifyReport r = AetherDB.verify(DIR, options(), p -> { });
        assertTrue(r.isOk(), r.toString());
        durability = d;
        db = AetherDB.open(DIR, options());
        try (Snapshot s = db.snapshot()) {
            assertEquals(spec.sequence(), s.sequence(), "sequence after reopen");
        }
    }

    /**
     * Power loss now ({@link MemFileIO#crash()}: only forced bytes under synced names survive),
     * then recovery: the recovered state at the recovered sequence must be one the spec allows;
     * the spec then continues from it.
     */
    void crash(Durability d) {
        ACTIONS.incrementAndGet();
        CRASHES.incrementAndGet();
        MemFileIO after = fs.crash();
        dropViews();
        db.close(); // the old instance writes only to the old file system
        fs = after;
        durability = d;
        db = AetherDB.open(DIR, options());
        long seq;
        TreeMap<byte[], byte[]> state;
        try (Snapshot s = db.snapshot()) {
            seq = s.sequence();
            state = contents(s.newCursor());
        }
        List<Long> allowed = spec.sequencesAllowedAfterCrash(state);
        if (!allowed.contains(seq)) {
            fail("after power loss the engine recovered sequence " + seq + " with " + state.size() + " keys; the spec allows "
                    + allowed + " for that state, and sequences " + spec.mustSurvive() + ".." + spec.sequence() + " at all");
        }
        spec.recover(seq);
    }

    /** The invariant after every action: the whole database equals the spec's current state. */
    void sameState() {
        try (Cursor c = db.newCursor()) {
            TreeMap<byte[], byte[]> state = contents(c);
            if (!KvSpec.sameContents(spec.state(), state)) {
                fail("engine holds " + state.size() + " keys, spec " + spec.state().size() + " (or values differ)");
            }
        }
    }

    void close() {
        dropViews();
        db.close();
        VerifyReport r = AetherDB.verify(DIR, options(), p -> { });
        assertTrue(r.isOk(), r.toString());
    }

    private static TreeMap<byte[], byte[]> contents(Cursor c) {
        TreeMap<byte[], byte[]> m = new TreeMap<>(Arrays::compareUnsigned);
        try (c) {
            for (c.seekToFirst(); c.isValid(); c.next()) {
                m.put(c.key(), c.value());
            }
        }
        return m;
    }

    /** Runs {@code s} on both cursors and compares every position reached. */
    private static void compare(Scan s, Cursor e, SpecCursor m) {
        byte[] target = Gen.key(s.target());
        switch (s.seek()) {
            case 0 -> { e.seekToFirst(); m.seekToFirst(); }
            case 1 -> { e.seekToLast(); m.seekToLast(); }
            case 2 -> { e.seek(target); m.seek(target); }
            default -> { e.seekForPrev(target); m.seekForPrev(target); }
        }
        samePosition(s, -1, e, m);
        for (int i = 0; i < s.steps().size() && m.isValid(); i++) {
            if (s.steps().get(i)) {
                e.next();
                m.next();
            } else {
                e.prev();
                m.prev();
            }
            samePosition(s, i, e, m);
        }
    }

    private static void samePosition(Scan s, int step, Cursor e, SpecCursor m) {
        String where = "cursor " + s + " at step " + step;
        assertEquals(m.isValid(), e.isValid(), where + ": valid");
        if (m.isValid()) {
            assertArrayEquals(m.key(), e.key(), where + ": key");
            assertArrayEquals(m.value(), e.value(), where + ": value");
        }
    }
}
