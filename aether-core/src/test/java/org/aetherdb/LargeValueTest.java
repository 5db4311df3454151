package org.aetherdb;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.NavigableMap;
import org.aetherdb.io.MemFileIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Values from 0 bytes to several MiB: inline, kept in the log (above 256 B, up to the inline
 * limit) and out of line in the data file (above pageSize * 5 / 16 = 1280 bytes for 4 KiB
 * pages; {@code Options.logValuesUpTo} is 0 by default): round trips through get and cursors, reopen,
 * overwrite and delete, snapshots that keep an old large value alive across overwrites and
 * checkpoints, batches and transactions, crash right after a large SYNC put, and space reuse.
 */
class LargeValueTest {
    private static final int MIB = 1 << 20;
    private static final int[] SIZES = {
        0, 1, 2, 100, 1000, 1270, 1279, 1280, 1281, 1290, 1365, 1366, 2047, 2048, 4095, 4096, 4097,
        3 * 4096 + 7, 65_536, 100_000, MIB - 1, MIB, MIB + 1, 3 * MIB + 12_345,
    };

    private AetherDB db;

    @AfterEach
    void closeDb() {
        TestDb.closeQuietly(db);
    }

    private static byte[] key(String name) {
        return Bytes.utf8(name);
    }

    private static byte[] value(int size, long salt) {
        return Bytes.pattern(size * 31L + salt, size);
    }

    @ParameterizedTest(name = "disk={0}")
    @ValueSource(booleans = {false, true})
    void everySizeRoundTrips(boolean disk, @TempDir Path tmp) {
        Path dir = disk ? tmp.resolve("db") : TestDb.MEM_DIR;
        Options options = disk ? TestDb.disk() : TestDb.mem(TestDb.newMem());
        db = AetherDB.open(dir, options);
        NavigableMap<byte[], byte[]> model = Bytes.newModel();
        for (int size : SIZES) {
            byte[] k = key(String.format("size/%09d", size));
            byte[] v = value(size, 1);
            db.put(k, v);
            model.put(k, v);
            DbAssert.assertValue("get right after put of " + size + " B", v, db.get(k));
        }
        DbAssert.assertDb("before reopen", model, db);
        db.checkpoint();
        DbAssert.assertDb("after checkpoint", model, db);
        db.close();
        TestDb.assertVerifyOk(dir, options, "after writing every size");
        db = AetherDB.open(dir, options);
        DbAssert.assertDb("after reopen", model, db);
    }

    @Test
    void overwriteAndDeleteLargeValues() {
        MemFileIO fs = TestDb.newMem();
        Options options = TestDb.mem(fs);
        db = AetherDB.open(TestDb.MEM_DIR, options);
        byte[] k = key("big");
        byte[] neighbour = key("big-neighbour");
        byte[] n = value(5000, 9);
        db.put(neighbour, n);
        int[] sequence = {2 * MIB, 10, (int) (1.5 * MIB), 0, 3 * MIB, 1300, 1366, 40_000, MIB};
        int salt = 0;
        for (int size : sequence) {
            byte[] v = value(size, ++salt);
            db.put(k, v);
            DbAssert.assertValue("after overwrite with " + size + " B", v, db.get(k));
            if (salt % 2 == 0) {
                db.checkpoint();
            }
            if (salt % 3 == 0) {
                db.close();
                db = AetherDB.open(TestDb.MEM_DIR, options);
            }
            DbAssert.assertValue("after overwrite with " + size + " B (checkpoint/reopen)", v, db.get(k));
            DbAssert.assertValue("neighbour", n, db.get(neighbour));
        }
        db.delete(k);
        DbAssert.assertValue("after delete", null, db.get(k));
        db.checkpoint();
        db.close();
        db = AetherDB.open(TestDb.MEM_DIR, options);
        DbAssert.assertValue("after delete and reopen", null, db.get(k));
        DbAssert.assertValue("neighbour after reopen", n, db.get(neighbour));
        db.close();
        TestDb.assertVerifyOk(TestDb.MEM_DIR, options, "after overwrites and delete");
    }

    @Test
    void spaceOfOverwrittenLargeValuesIsReused() {
        MemFileIO fs = TestDb.newMem();
        db = AetherDB.open(TestDb.MEM_DIR, TestDb.mem(fs));
        byte[] k = key("rewritten");
        for (int i = 0; i < 20; i++) {
            db.put(k, value(MIB, i));
            db.checkpoint();
        }
        DbAssert.assertValue("last version", value(MIB, 19), db.get(k));
        long size = db.stats().dataFileBytes();
        assertTrue(size < 12L * MIB, "20 overwrites of one 1 MiB value (a checkpoint after each, no snapshot) grew the data file to "
                + size + " bytes: freed value space is not reused; " + db.stats());
    }

    @Test
    void snapshotKeepsOldLargeValueWhileItIsOverwrittenAndCheckpointed() {
        MemFileIO fs = TestDb.newMem();
        Options options = TestDb.mem(fs);
        db = AetherDB.open(TestDb.MEM_DIR, options);
        byte[] k = key("doc");
        byte[] gone = key("doomed");
        byte[] a = value(2 * MIB, 1);
        byte[] d = value(MIB + 77, 2);
        db.put(k, a);
        db.put(gone, d);
        db.checkpoint();
        try (Snapshot s = db.snapshot()) {
            byte[] b = value(2 * MIB, 3);
            db.put(k, b);
            db.delete(gone);
            db.checkpoint();
            // Tempt the engine to reuse the space of the old versions.
            for (int i = 0; i < 6; i++) {
                db.put(key("filler" + i), value(MIB, 100 + i));
                db.checkpoint();
            }
            DbAssert.assertValue("snapshot get of overwritten value", a, s.get(k));
            DbAssert.assertValue("snapshot get of deleted value", d, s.get(gone));
            try (Cursor c = s.newCursor()) {
                c.seek(k);
                DbAssert.assertValue("snapshot cursor key", k, c.key());
                DbAssert.assertValue("snapshot cursor value of overwritten value", a, c.value());
                c.seek(gone);
                DbAssert.assertValue("snapshot cursor value of deleted value", d, c.value());
            }
            DbAssert.assertValue("current value", b, db.get(k));
            DbAssert.assertValue("current value of deleted key", null, db.get(gone));
        }
        db.checkpoint();
        for (int i = 0; i < 4; i++) {
            db.put(key("filler-after" + i), value(MIB, 200 + i));
            db.checkpoint();
        }
        DbAssert.assertValue("current value after the snapshot closed", value(2 * MIB, 3), db.get(k));
        for (int i = 0; i < 6; i++) {
            DbAssert.assertValue("filler " + i, value(MIB, 100 + i), db.get(key("filler" + i)));
        }
        db.close();
        TestDb.assertVerifyOk(TestDb.MEM_DIR, options, "after snapshot of large values");
        db = AetherDB.open(TestDb.MEM_DIR, options);
        DbAssert.assertValue("after reopen", value(2 * MIB, 3), db.get(k));
    }

    @Test
    void largeValuesInBatchesAndTransactions() {
        MemFileIO fs = TestDb.newMem();
        Options options = TestDb.mem(fs);
        db = AetherDB.open(TestDb.MEM_DIR, options);
        NavigableMap<byte[], byte[]> model = Bytes.newModel();
        WriteBatch b = new WriteBatch();
        for (int i = 0; i < 4; i++) {
            byte[] v = value(MIB + i * 1000, 40 + i);
            b.put(key("batch" + i), v);
            model.put(key("batch" + i), v);
            b.put(key("small" + i), value(i, 0));
            model.put(key("small" + i), value(i, 0));
        }
        b.put(key("batch0"), value(3000, 7)); // later entry for the same key wins
        model.put(key("batch0"), value(3000, 7));
        db.write(b);
        DbAssert.assertDb("after batch", model, db);
        try (Transaction tx = db.begin()) {
            tx.put(key("tx-rolled-back"), value(2 * MIB, 5));
            DbAssert.assertValue("transaction sees its own large value", value(2 * MIB, 5), tx.get(key("tx-rolled-back")));
            tx.rollback();
        }
        try (Transaction tx = db.begin()) {
            tx.put(key("tx-committed"), value(2 * MIB, 6));
            tx.put(key("batch1"), value(1281, 6));
            try (Cursor c = tx.newCursor()) {
                c.seek(key("tx-committed"));
                DbAssert.assertValue("transaction cursor over its own large value", value(2 * MIB, 6), c.value());
            }
            tx.commit();
        }
        model.put(key("tx-committed"), value(2 * MIB, 6));
        model.put(key("batch1"), value(1281, 6));
        DbAssert.assertDb("after transactions", model, db);
        // Every put above returned under SYNC: a power loss now must lose nothing.
        MemFileIO afterPowerLoss = fs.crash();
        db.close();
        Options crashed = TestDb.mem(afterPowerLoss);
        db = AetherDB.open(TestDb.MEM_DIR, crashed);
        DbAssert.assertDb("after power loss", model, db);
        db.close();
        TestDb.assertVerifyOk(TestDb.MEM_DIR, crashed, "after power loss with large values");
    }

    @Test
    void largeSyncPutSurvivesPowerLossImmediately() {
        MemFileIO fs = TestDb.newMem();
        db = AetherDB.open(TestDb.MEM_DIR, TestDb.mem(fs));
        db.put(key("a"), value(3 * MIB, 1));
        MemFileIO first = fs.crash();
        db.put(key("a"), value(1400, 2));
        db.put(key("b"), value(2 * MIB, 3));
        MemFileIO second = fs.crash();
        db.close();
        db = AetherDB.open(TestDb.MEM_DIR, TestDb.mem(first));
        DbAssert.assertValue("power loss right after a 3 MiB put", value(3 * MIB, 1), db.get(key("a")));
        db.close();
        db = AetherDB.open(TestDb.MEM_DIR, TestDb.mem(second));
        DbAssert.assertValue("power loss after overwriting it", value(1400, 2), db.get(key("a")));
        DbAssert.assertValue("power loss right after a 2 MiB put", value(2 * MIB, 3), db.get(key("b")));
    }

    /**
     * A large value whose commit is only in the log when the process dies is recovered by replay;
     * its space must then count as used, or later large values overwrite it.
     */
    @Test
    void largeValueRecoveredFromLogKeepsItsSpace() {
        MemFileIO fs = TestDb.newMem();
        db = AetherDB.open(TestDb.MEM_DIR, TestDb.mem(fs));
        db.put(key("before"), value(1500, 1));
        db.checkpoint();
        db.put(key("recovered"), value(2000, 2)); // out of line, only in the log
        MemFileIO killed = fs.processCrash();
        db.close();
        Options options = TestDb.mem(killed);
        db = AetherDB.open(TestDb.MEM_DIR, options);
        DbAssert.assertValue("large value recovered from the log", value(2000, 2), db.get(key("recovered")));
        db.close();
        db = AetherDB.open(TestDb.MEM_DIR, options);
        for (int i = 0; i < 40; i++) {
            db.put(key("later" + i), value(2000 + i, 10 + i));
            if (i % 10 == 9) {
                db.checkpoint();
            }
        }
        DbAssert.assertValue("recovered large value after later large puts", value(2000, 2), db.get(key("recovered")));
        db.close();
        db = AetherDB.open(TestDb.MEM_DIR, options);
        DbAssert.assertValue("recovered large value after later large puts and reopen", value(2000, 2), db.get(key("recovered")));
        db.close();
        TestDb.assertVerifyOk(TestDb.MEM_DIR, options, "after recovering a large value from the log");
    }

    /**
     * Large values are written from the committing thread while a checkpoint may be finishing in
     * another. Here a large value is committed at every data-file truncate or force that the
     * checkpoint makes after choosing its page layout (the moments when another thread's commit
     * can run); every such value must stay readable, in this instance and after reopening.
     */
    @Test
    void largeValueCommittedWhileCheckpointFinishesStaysIntact() {
        MemFileIO fs = TestDb.newMem();
        Options options = TestDb.mem(fs);
        db = AetherDB.open(TestDb.MEM_DIR, options);
        NavigableMap<byte[], byte[]> model = Bytes.newModel();
        for (int i = 0; i < 30; i++) {
            model.put(key("base" + i), value(100 + i, i));
            db.put(key("base" + i), value(100 + i, i));
        }
        String data = TestDb.dataFileName(fs, TestDb.MEM_DIR);
        java.util.concurrent.atomic.AtomicInteger fired = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<Throwable> nested = new java.util.concurrent.atomic.AtomicReference<>();
        boolean[] inHook = {false};
        boolean[] inCheckpoint = {false};
        Thread self = Thread.currentThread();
        AetherDB d = db;
        fs.failWhen(op -> {
            if (inCheckpoint[0] && !inHook[0] && Thread.currentThread() == self && op.file().equals(data)
                    && (op.kind().equals("truncate") || op.kind().equals("force"))) {
                inHook[0] = true;
                try {
                    int n = fired.getAndIncrement();
                    d.put(key("during-checkpoint" + n), value(3000 + n, 500 + n)); // as if from another thread
                    model.put(key("during-checkpoint" + n), value(3000 + n, 500 + n));
                } catch (Throwable t) {
                    nested.compareAndSet(null, t);
                } finally {
                    inHook[0] = false;
                }
            }
            return false;
        });
        for (int round = 0; round < 3; round++) {
            db.put(key("dirty" + round), value(2000, round)); // something for the checkpoint to write
            model.put(key("dirty" + round), value(2000, round));
            inCheckpoint[0] = true;
            try {
                db.checkpoint();
            } finally {
                inCheckpoint[0] = false;
            }
        }
        fs.clearFaults();
        if (nested.get() != null) {
            throw new AssertionError("commit during a checkpoint failed", nested.get());
        }
        assertTrue(fired.get() > 0, "the checkpoints never forced or extended the data file");
        DbAssert.assertDb("large values committed while checkpoints finished", model, db);
        db.close();
        db = AetherDB.open(TestDb.MEM_DIR, options);
        DbAssert.assertDb("after reopen", model, db);
        db.close();
        TestDb.assertVerifyOk(TestDb.MEM_DIR, options, "after commits during checkpoints");
    }

    /** The state before the checkpoint of the interleaving test; deterministic, so it can be built twice. */
    private static AetherDB interleavingSetup(Options options) {
        AetherDB d = AetherDB.open(TestDb.MEM_DIR, options);
        for (int i = 0; i < 20; i++) {
            d.put(key("base" + i), value(50, i));
        }
        d.checkpoint();
        d.put(key("dirty"), value(10, 3));
        return d;
    }

    /**
     * The interleaving behind KillCrashTest's lost values, made deterministic. A checkpoint writes
     * its pages and its free list, then reads the allocator's end as the file end its superblock
     * records, and makes the file cover that end. Here writer W allocates the last extent for a
     * large value just before the end is read (at the checkpoint's last write before its
     * superblock, counted in a dry run)
     * and is held before writing it, so the file is shorter than that end; then, at the
     * checkpoint's next data-file operation, writer Z allocates an extent past the end, writes
     * its large value and commits. Z's commit is acknowledged: its value must stay intact (W's
     * too), now and after reopening. Both values are larger than any free extent.
     */
    @Test
    void largeValueWrittenPastTheCheckpointsFileEndIsNotCutOff() throws Exception {
        // Dry run: how many data-file writes does this checkpoint make from the calling thread?
        MemFileIO dryMem = TestDb.newMem();
        HookedFileIO dryIo = new HookedFileIO(dryMem);
        // Values written to the data file (not through the log): this race is about their extents.
        AetherDB dry = interleavingSetup(TestDb.options(dryIo).logValuesUpTo(0).build());
        String data = TestDb.dataFileName(dryMem, TestDb.MEM_DIR);
        Thread main = Thread.currentThread();
        java.util.concurrent.atomic.AtomicInteger writes = new java.util.concurrent.atomic.AtomicInteger();
        dryIo.before = op -> {
            if (Thread.currentThread() == main && op.file().equals(data) && op.kind().equals("write")) {
                writes.incrementAndGet();
            }
        };
        dry.checkpoint();
        dryIo.before = op -> { };
        dry.close();
        int lastWrite = writes.get() - 1; // the last write is the superblock; the one before, the free list
        assertTrue(lastWrite > 0, "the checkpoint wrote nothing");

        MemFileIO mem = TestDb.newMem();
        HookedFileIO io = new HookedFileIO(mem);
        Options options = TestDb.options(io).logValuesUpTo(0).build();
        db = interleavingSetup(options);
        AetherDB d = db;
        java.util.concurrent.CountDownLatch wHeld = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch releaseW = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicReference<String> zAt = new java.util.concurrent.atomic.AtomicReference<>();
        Thread w = new Thread(() -> {
            try {
                d.put(key("W"), value(100_000, 1));
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        }, "writer-W");
        Thread z = new Thread(() -> {
            try {
                d.put(key("Z"), value(120_000, 2));
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        }, "writer-Z");
        boolean[] inCheckpoint = {false};
        int[] seen = {0};
        io.before = op -> {
            if (!op.file().equals(data)) {
                return;
            }
            if (Thread.currentThread() == w && op.kind().equals("write") && wHeld.getCount() > 0) {
                wHeld.countDown(); // W's value has its extent; hold its first write
                await(releaseW);
            } else if (Thread.currentThread() == main && inCheckpoint[0]) {
                if (op.kind().equals("write") && ++seen[0] == lastWrite) {
                    w.start(); // just before the checkpoint reads the allocator's end
                    await(wHeld);
                } else if (seen[0] >= lastWrite && zAt.get() == null && !op.kind().equals("write")) {
                    zAt.set(op.toString()); // the file end is chosen: Z allocates past it and commits
                    z.start();
                    try {
                        z.join();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        inCheckpoint[0] = true;
        try {
            db.checkpoint();
        } finally {
            inCheckpoint[0] = false;
            releaseW.countDown();
        }
        w.join(30_000);
        io.before = op -> { };
        if (failure.get() != null) {
            throw new AssertionError("a writer failed", failure.get());
        }
        assertTrue(zAt.get() != null, "the interleaving did not happen (checkpoint made " + seen[0] + " writes, dry run " + lastWrite + ")");
        System.out.println("LargeValueTest: Z committed at the checkpoint's " + zAt.get());
        DbAssert.assertValue("Z's value, committed while the checkpoint finished (at its " + zAt.get() + ")", value(120_000, 2), db.get(key("Z")));
        DbAssert.assertValue("W's value", value(100_000, 1), db.get(key("W")));
        db.close();
        db = AetherDB.open(TestDb.MEM_DIR, options);
        DbAssert.assertValue("Z's value after reopen", value(120_000, 2), db.get(key("Z")));
        DbAssert.assertValue("W's value after reopen", value(100_000, 1), db.get(key("W")));
        db.close();
        TestDb.assertVerifyOk(TestDb.MEM_DIR, options, "after the interleaving");
    }

    private static void await(java.util.concurrent.CountDownLatch latch) {
        try {
            if (!latch.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new AssertionError("test interleaving stuck");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
