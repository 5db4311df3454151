package org.aetherdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.aetherdb.io.MemFileIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Snapshots keep showing exactly the state of their commit however many commits and checkpoints
 * follow (the pages they read must not be reused under them), and refuse use after close.
 */
class SnapshotTest {
    private static final long SEED = 0x5A95L;
    private AetherDB db;

    @AfterEach
    void closeDb() {
        TestDb.closeQuietly(db);
    }

    private static void checkSnapshot(String ctx, Snapshot s, NavigableMap<byte[], byte[]> model, KeySpace keys, Random r) {
        DbAssert.assertSnapshot(ctx, model, s);
        for (int id = 0; id < keys.size(); id++) {
            byte[] k = keys.key(id);
            DbAssert.assertValue(ctx + ": get of key id " + id, model.get(k), s.get(k));
        }
        try (Cursor c = s.newCursor()) {
            CursorWalk.run(ctx + " walk", model, c, r, 500, keys::probe);
        }
    }

    @ParameterizedTest(name = "disk={0}")
    @ValueSource(booleans = {false, true})
    void snapshotOutlivesThousandsOfCommitsAndCheckpoints(boolean disk, @TempDir Path tmp) {
        Path dir = disk ? tmp.resolve("db") : TestDb.MEM_DIR;
        Options options = disk ? TestDb.disk() : TestDb.mem(TestDb.newMem());
        int commits = disk ? 1500 : 4000;
        db = AetherDB.open(dir, options);
        Random r = new Random(SEED);
        KeySpace keys = new KeySpace(SEED, 1200, db.maxKeySize());
        ValueGen values = new ValueGen(TestDb.PAGE, 0);
        NavigableMap<byte[], byte[]> model = Bytes.newModel();
        for (int i = 0; i < 600; i++) {
            byte[] k = keys.randomKey(r);
            byte[] v = values.next(r);
            db.put(k, v);
            model.put(k, v);
        }
        Snapshot first = db.snapshot();
        NavigableMap<byte[], byte[]> firstModel = Bytes.copy(model);
        assertEquals(db.stats().sequence(), first.sequence(), "snapshot sequence = latest commit when nothing runs concurrently");
        Snapshot middle = null;
        NavigableMap<byte[], byte[]> middleModel = null;
        long lastSequence = first.sequence();
        for (int i = 0; i < commits; i++) {
            randomCommit(db, model, r, keys, values);
            long seq = db.stats().sequence();
            assertTrue(seq > lastSequence, "sequence must grow with every commit: " + lastSequence + " then " + seq);
            lastSequence = seq;
            if (i % 400 == 399) {
                db.checkpoint();
            }
            if (i == commits / 2) {
                middle = db.snapshot();
                middleModel = Bytes.copy(model);
            }
        }
        assertTrue(db.stats().checkpoints() >= 3, "expected several checkpoints: " + db.stats());
        checkSnapshot("first snapshot after " + commits + " later commits", first, firstModel, keys, r);
        checkSnapshot("middle snapshot", middle, middleModel, keys, r);
        DbAssert.assertDb("current state", model, db);
        assertTrue(first.sequence() < middle.sequence());
        first.close();
        middle.close();
        db.close();
        TestDb.assertVerifyOk(dir, options, "after long-lived snapshots");
    }

    /** Applies one random commit (put, delete, batch or transaction) to the database and the model. */
    private static void randomCommit(AetherDB db, NavigableMap<byte[], byte[]> model, Random r, KeySpace keys, ValueGen values) {
        int p = r.nextInt(10);
        if (p < 5) {
            byte[] k = keys.randomKey(r);
            byte[] v = values.next(r);
            db.put(k, v);
            model.put(k, v);
        } else if (p < 7) {
            byte[] k = keys.randomKey(r);
            db.delete(k);
            model.remove(k);
        } else if (p < 9) {
            WriteBatch b = new WriteBatch();
            for (int i = 0, n = 1 + r.nextInt(20); i < n; i++) {
                byte[] k = keys.randomKey(r);
                if (r.nextInt(3) == 0) {
                    b.delete(k);
                    model.remove(k);
                } else {
                    byte[] v = values.next(r);
                    b.put(k, v);
                    model.put(k, v);
                }
            }
            db.write(b);
        } else {
            try (Transaction tx = db.begin()) {
                byte[] k = keys.randomKey(r);
                byte[] v = values.next(r);
                byte[] gone = keys.randomKey(r);
                tx.put(k, v);
                tx.delete(gone);
                tx.commit();
                model.put(k, v);
                model.remove(gone);
            }
        }
    }

    @Test
    void manySnapshotsClosedInRandomOrder() {
        MemFileIO fs = TestDb.newMem();
        Options options = TestDb.mem(fs);
        db = AetherDB.open(TestDb.MEM_DIR, options);
        Random r = new Random(SEED + 1);
        KeySpace keys = new KeySpace(SEED + 1, 800, db.maxKeySize());
        ValueGen values = new ValueGen(TestDb.PAGE, 0);
        NavigableMap<byte[], byte[]> model = Bytes.newModel();
        List<Snapshot> snaps = new ArrayList<>();
        List<NavigableMap<byte[], byte[]>> models = new ArrayList<>();
        int baseReaders = db.stats().openReaders();
        for (int i = 0; i < 3000; i++) {
            randomCommit(db, model, r, keys, values);
            if (i % 100 == 0) {
                snaps.add(db.snapshot());
                models.add(Bytes.copy(model));
                assertEquals(baseReaders + snaps.size(), db.stats().openReaders(), "open readers while holding " + snaps.size() + " snapshots");
            }
            if (i % 250 == 0) {
                db.checkpoint();
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < snaps.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, r);
        int open = snaps.size();
        for (int i : order) {
            checkSnapshot("snapshot #" + i, snaps.get(i), models.get(i), keys, r);
            snaps.get(i).close();
            snaps.get(i).close(); // idempotent
            open--;
            assertEquals(baseReaders + open, db.stats().openReaders(), "open readers after closing snapshot #" + i);
            db.put(keys.randomKey(r), values.next(r));
            db.checkpoint();
        }
        db.close();
        TestDb.assertVerifyOk(TestDb.MEM_DIR, options, "after many snapshots");
    }

    @Test
    void closedSnapshotRefusesUse() {
        db = AetherDB.open(TestDb.MEM_DIR, TestDb.mem(TestDb.newMem()));
        db.put(Bytes.utf8("k"), Bytes.utf8("v"));
        Snapshot s = db.snapshot();
        Cursor c = s.newCursor();
        c.seekToFirst();
        s.close();
        assertThrows(DatabaseClosedException.class, () -> s.get(Bytes.utf8("k")), "get on a closed snapshot");
        assertThrows(DatabaseClosedException.class, s::newCursor, "newCursor on a closed snapshot");
        assertThrows(DatabaseClosedException.class, c::isValid, "cursor of a closed snapshot: isValid");
        assertThrows(DatabaseClosedException.class, c::seekToFirst, "cursor of a closed snapshot: seekToFirst");
        assertThrows(DatabaseClosedException.class, () -> c.seek(Bytes.utf8("k")), "cursor of a closed snapshot: seek");
        assertThrows(DatabaseClosedException.class, c::key, "cursor of a closed snapshot: key");
        s.close();
        c.close();
        Snapshot alive = db.snapshot();
        db.close();
        assertThrows(DatabaseClosedException.class, () -> alive.get(Bytes.utf8("k")), "snapshot get after the database closed");
        assertThrows(DatabaseClosedException.class, alive::newCursor, "snapshot newCursor after the database closed");
        alive.close();
    }

    @Test
    void readerThreadsCheckSnapshotsWhileWritesAndCheckpointsRun() throws Exception {
        MemFileIO fs = TestDb.newMem();
        Options options = TestDb.mem(fs);
        db = AetherDB.open(TestDb.MEM_DIR, options);
        Random r = new Random(SEED + 2);
        KeySpace keys = new KeySpace(SEED + 2, 600, db.maxKeySize());
        ValueGen values = new ValueGen(TestDb.PAGE, 0);
        NavigableMap<byte[], byte[]> model = Bytes.newModel();
        for (int i = 0; i < 1500; i++) {
            randomCommit(db, model, r, keys, values);
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicInteger rounds = new AtomicInteger();
        List<Thread> readers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            Snapshot s = db.snapshot();
            NavigableMap<byte[], byte[]> frozen = Bytes.copy(model);
            Thread th = new Thread(() -> {
                Random rr = new Random(SEED + 3);
                try (s) {
                    while (!stop.get()) {
                        DbAssert.assertSnapshot("snapshot read concurrently with commits and checkpoints", frozen, s);
                        try (Cursor c = db.newCursor()) {
                            c.seekToFirst();
                            while (c.isValid()) { // a fresh cursor: any consistent state, no exception
                                c.key();
                                c.value();
                                c.next();
                            }
                        }
                        rounds.incrementAndGet();
                        if (rr.nextInt(4) == 0) {
                            Thread.onSpinWait();
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "snapshot-reader-" + t);
            th.start();
            readers.add(th);
        }
        long end = System.nanoTime() + 2_000_000_000L;
        int commits = 0;
        while (System.nanoTime() < end && failure.get() == null) {
            randomCommit(db, model, r, keys, values);
            if (++commits % 100 == 0) {
                db.checkpoint();
            }
        }
        stop.set(true);
        for (Thread th : readers) {
            th.join(30_000);
        }
        if (failure.get() != null) {
            throw new AssertionError("reader failed after " + rounds.get() + " rounds, " + commits + " commits", failure.get());
        }
        assertTrue(rounds.get() > 0, "readers made no progress");
        DbAssert.assertDb("after concurrent reads", model, db);
        db.close();
        TestDb.assertVerifyOk(TestDb.MEM_DIR, options, "after concurrent readers");
    }
}
