package org.aetherdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.aetherdb.io.MemFileIO;
import org.aetherdb.io.MemFileIO.Op;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * I/O errors injected with {@link MemFileIO#failWhen}: a failed log write or fsync during a
 * commit fails that commit (StorageException), makes the instance refuse writes
 * (ReadOnlyException, even when the disk works again: a failed fsync is final) while reads go
 * on; a full disk; failures during checkpoint and close; read errors during open. After each,
 * the state a crash leaves (kill -9 or power loss) must reopen with every acknowledged write
 * and pass verify.
 */
class FaultTest {
    private static final long SEED = 0xFA17L;

    private static Predicate<Op> on(String kind, Predicate<String> file) {
        return op -> op.kind().equals(kind) && file.test(op.file());
    }

    /** Fails the first matching operation only, or all of them. */
    private static Predicate<Op> arm(Predicate<Op> match, boolean oneShot) {
        AtomicBoolean fired = new AtomicBoolean();
        return op -> match.test(op) && (!oneShot || fired.compareAndSet(false, true));
    }

    private static byte[] key(int i) {
        return Bytes.utf8(String.format("key/%05d", i));
    }

    private static byte[] value(Random r) {
        int p = r.nextInt(10);
        return Bytes.pattern(r.nextLong(), p < 6 ? r.nextInt(40) : p < 9 ? 1300 + r.nextInt(200) : 5000 + r.nextInt(9000));
    }

    /** Writes n acknowledged puts and returns the model. */
    private static NavigableMap<byte[], byte[]> fill(AetherDB db, int from, int n, Random r, NavigableMap<byte[], byte[]> model) {
        for (int i = from; i < from + n; i++) {
            byte[] v = value(r);
            db.put(key(i), v);
            model.put(key(i), v);
        }
        return model;
    }

    /** Every write path must refuse with ReadOnlyException. */
    private static void assertRefusesWrites(AetherDB db, String context) {
        assertThrows(ReadOnlyException.class, () -> db.put(key(99_990), Bytes.utf8("x")), context + ": put");
        assertThrows(ReadOnlyException.class, () -> db.delete(key(0)), context + ": delete");
        assertThrows(ReadOnlyException.class, () -> db.write(new WriteBatch().put(key(99_991), Bytes.utf8("x"))), context + ": write");
        try (Transaction tx = db.begin()) {
            tx.put(key(99_992), Bytes.utf8("x"));
            assertThrows(ReadOnlyException.class, tx::commit, context + ": transaction commit");
        }
    }

    /** The live instance after the failure: every acknowledged write readable; the failed one old or new. */
    private static void assertReadsStillWork(AetherDB db, NavigableMap<byte[], byte[]> acked, byte[] failedKey, byte[] failedValue, String context) {
        NavigableMap<byte[], byte[]> seen = States.readAll(db);
        NavigableMap<byte[], byte[]> withFailed = Bytes.copy(acked);
        if (failedKey != null) {
            withFailed.put(failedKey, failedValue);
        }
        if (States.match(seen, List.of(acked, withFailed)) < 0) {
            fail(context + ": reads after the failure: " + States.describeDifference(acked, seen));
        }
        for (byte[] k : acked.keySet()) {
            if (failedKey == null || !java.util.Arrays.equals(k, failedKey)) {
                DbAssert.assertValue(context + ": get after the failure", acked.get(k), db.get(k));
            }
        }
        try (Snapshot s = db.snapshot()) {
            DbAssert.assertValue(context + ": snapshot after the failure", acked.firstEntry().getValue(), s.get(acked.firstKey()));
        }
    }

    /** Reopens a crash image: state must be the acknowledged writes, plus possibly the unacknowledged ones; verify OK; writable. */
    private static void assertRecovers(FsImage image, List<NavigableMap<byte[], byte[]>> allowed, String context) {
        MemFileIO fs = image.restore();
        Options options = TestDb.mem(fs);
        try (AetherDB db = AetherDB.open(TestDb.MEM_DIR, options)) {
            NavigableMap<byte[], byte[]> seen = States.readAll(db);
            int i = States.match(seen, allowed);
            if (i < 0) {
                fail(context + ": recovered state is not an allowed one: " + States.describeDifference(allowed.get(0), seen));
            }
            DbAssert.assertDb(context + ": recovered state", allowed.get(i), db);
            db.put(Bytes.utf8("written-after-recovery"), Bytes.utf8("ok"));
        }
        TestDb.assertVerifyOk(TestDb.MEM_DIR, options, context);
        try (AetherDB db = AetherDB.open(TestDb.MEM_DIR, options)) {
            DbAssert.assertValue(context + ": write after recovery, reopened", Bytes.utf8("ok"), db.get(Bytes.utf8("written-after-recovery")));
        }
    }

    static Stream<Arguments> commitFaults() {
        List<Arguments> out = new ArrayList<>();
        for (String kind : List.of("write", "force")) {
            for (boolean oneShot : List.of(true, false)) {
                for (boolean power : List.of(false, true)) {
                    out.add(Arguments.of(kind, oneShot, power));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "log {0} fails, oneShot={1}, powerLoss={2}")
    @MethodSource("commitFaults")
    void logFailureDuringCommit(String kind, boolean oneShot, boolean power) {
        MemFileIO fs = TestDb.newMem();
        Random r = new Random(SEED);
        AetherDB db = AetherDB.open(TestDb.MEM_DIR, TestDb.mem(fs));
        try {
            NavigableMap<byte[], byte[]> acked = fill(db, 0, 60, r, Bytes.newModel());
            fs.failWhen(arm(on(kind, TestDb::isLog), oneShot));
            byte[] fk = key(70_000);
            byte[] fv = value(r);
            AetherDB d = db;
            AetherException first = assertThrows(AetherException.class, () -> d.put(fk, fv), "put while the log " + kind + " fails");
            System.out.println("FaultTest: put during failed log " + kind + " threw " + first);
            assertRefusesWrites(db, "after a failed log " + kind + (oneShot ? " (disk works again)" : ""));
            assertReadsStillWork(db, acked, fk, fv, "after a failed log " + kind);
            FsImage image = power ? FsImage.powerLoss(fs, TestDb.MEM_DIR) : FsImage.processCrash(fs, TestDb.MEM_DIR);
            closeAllowingAetherException(db);
            NavigableMap<byte[], byte[]> withFailed = Bytes.copy(acked);
            withFailed.put(fk, fv);
            assertRecovers(image, List.of(acked, withFailed), "recovery after a failed log " + kind + (power ? " and power loss" : " and kill"));
        } finally {
            TestDb.closeQuietly(db);
        }
    }

    private static void closeAllowingAetherException(AetherDB db) {
        try {
            db.close();
        } catch (AetherException expected) {
            // a broken instance may report its state on close; it must still release everything
        }
    }

    @ParameterizedTest(name = "disk full after {0} more bytes")
    @ValueSource(ints = {20_000, 300_000, 1_100_000, 2_500_000})
    void fullDisk(int budget) {
        MemFileIO fs = TestDb.newMem();
        Random r = new Random(SEED + budget);
        AetherDB db = AetherDB.open(TestDb.MEM_DIR, TestDb.mem(fs));
        try {
            NavigableMap<byte[], byte[]> acked = fill(db, 0, 20, r, Bytes.newModel());
            AtomicLong written = new AtomicLong();
            fs.failWhen(op -> op.kind().equals("write") && written.addAndGet(op.length()) > budget);
            byte[] fk = null;
            byte[] fv = null;
            AetherException failure = null;
            for (int i = 20; i < 20_000 && failure == null; i++) {
                byte[] v = value(r);
                try {
                    db.put(key(i), v);
                    acked.put(key(i), v);
                } catch (AetherException e) {
                    failure = e;
                    fk = key(i);
                    fv = v;
                }
            }
            if (failure == null) {
                fail("a full disk was never reported (" + written.get() + " bytes written, budget " + budget + ")");
            }
            assertTrue(failure instanceof StorageException || failure instanceof ReadOnlyException,
                    "the first write refused on a full disk: expected StorageException (or ReadOnlyException after a failed background write), got " + failure);
            assertRefusesWrites(db, "after disk full");
            assertReadsStillWork(db, acked, fk, fv, "after disk full");
            FsImage killed = FsImage.processCrash(fs, TestDb.MEM_DIR);
            FsImage powerLoss = FsImage.powerLoss(fs, TestDb.MEM_DIR);
            closeAllowingAetherException(db);
            NavigableMap<byte[], byte[]> withFailed = Bytes.copy(acked);
            withFailed.put(fk, fv);
            assertRecovers(killed, List.of(acked, withFailed), "recovery after disk full and kill (budget " + budget + ")");
            assertRecovers(powerLoss, List.of(acked, withFailed), "recovery after disk full and power loss (budget " + budget + ")");
        } finally {
            TestDb.closeQuietly(db);
        }
    }

    static Stream<Arguments> checkpointFaults() {
        return Stream.of(
                Arguments.of("data write", true),
                Arguments.of("data force", true),
                Arguments.of("syncDirectory", false),
                Arguments.of("rename", false),
                Arguments.of("log truncate", false));
    }

    private static Predicate<Op> checkpointFault(String name, String dataFile) {
        return switch (name) {
            case "data write" -> on("write", dataFile::equals);
            case "data force" -> on("force", dataFile::equals);
            case "syncDirectory" -> op -> op.kind().equals("syncDirectory");
            case "rename" -> op -> op.kind().equals("rename");
            case "log truncate" -> on("truncate", TestDb::isLog);
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest(name = "{0} fails during checkpoint")
    @MethodSource("checkpointFaults")
    void failureDuringCheckpoint(String fault, boolean mustFail) {
        for (boolean power : List.of(false, true)) {
            MemFileIO fs = TestDb.newMem();
            Random r = new Random(SEED + 3);
            AetherDB db = AetherDB.open(TestDb.MEM_DIR, TestDb.mem(fs));
            try {
                NavigableMap<byte[], byte[]> acked = fill(db, 0, 80, r, Bytes.newModel());
                db.checkpoint();
                fill(db, 80, 120, r, acked);
                String data = TestDb.dataFileName(fs, TestDb.MEM_DIR);
                fs.failWhen(arm(checkpointFault(fault, data), true));
                AetherDB d = db;
                try {
                    d.checkpoint();
                    if (mustFail) {
                        fail("checkpoint succeeded although its " + fault + " failed");
                    }
                } catch (AetherException e) {
                    assertTrue(e instanceof StorageException || e instanceof ReadOnlyException,
                            "checkpoint during a failed " + fault + ": expected StorageException, got " + e);
                }
                fs.clearFaults();
                // The instance may keep accepting writes (then they must be durable) or refuse them all.
                for (int i = 200; i < 230; i++) {
                    byte[] v = value(r);
                    try {
                        db.put(key(i), v);
                        acked.put(key(i), v);
                    } catch (ReadOnlyException refused) {
                        break;
                    }
                }
                assertReadsStillWork(db, acked, null, null, "after a failed checkpoint (" + fault + ")");
                FsImage image = power ? FsImage.powerLoss(fs, TestDb.MEM_DIR) : FsImage.processCrash(fs, TestDb.MEM_DIR);
                closeAllowingAetherException(db);
                assertRecovers(image, List.of(acked), "recovery after a failed checkpoint (" + fault + ", " + (power ? "power loss" : "kill") + ")");
            } finally {
                TestDb.closeQuietly(db);
            }
        }
    }

    @Test
    void closeWhoseCheckpointFailsStillReleasesTheDirectory() {
        MemFileIO fs = TestDb.newMem();
        Random r = new Random(SEED + 4);
        AetherDB db = AetherDB.open(TestDb.MEM_DIR, TestDb.mem(fs));
        NavigableMap<byte[], byte[]> acked = fill(db, 0, 150, r, Bytes.newModel());
        String data = TestDb.dataFileName(fs, TestDb.MEM_DIR);
        fs.failWhen(on("write", data::equals).or(on("force", data::equals)));
        closeAllowingAetherException(db);
        assertThrows(DatabaseClosedException.class, () -> db.get(key(0)), "instance is closed even though its last checkpoint failed");
        fs.clearFaults();
        try (AetherDB again = AetherDB.open(TestDb.MEM_DIR, TestDb.mem(fs))) {
            DbAssert.assertDb("reopened after a close whose checkpoint failed", acked, again);
        }
        TestDb.assertVerifyOk(TestDb.MEM_DIR, TestDb.mem(fs), "after failed close and recovery");
    }

    @Test
    void concurrentCommitsWhenLogSyncFails() throws Exception {
        MemFileIO fs = TestDb.newMem();
        AetherDB db = AetherDB.open(TestDb.MEM_DIR, TestDb.mem(fs));
        int threads = 4;
        List<List<Integer>> ackedByThread = new ArrayList<>();
        int[] failedAt = new int[threads];
        AtomicReference<Throwable> unexpected = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<Integer> acked = new ArrayList<>();
            ackedByThread.add(acked);
            int id = t;
            failedAt[t] = -1;
            Thread th = new Thread(() -> {
                for (int i = 0; i < 1_000_000; i++) {
                    try {
                        db.put(threadKey(id, i), threadValue(id, i));
                        acked.add(i);
                    } catch (AetherException e) {
                        failedAt[id] = i;
                        if (!(e instanceof StorageException || e instanceof ReadOnlyException)) {
                            unexpected.compareAndSet(null, e);
                        }
                        return;
                    } catch (Throwable e) {
                        unexpected.compareAndSet(null, e);
                        return;
                    }
                }
            }, "writer-" + t);
            workers.add(th);
            th.start();
        }
        Thread.sleep(300);
        fs.failWhen(on("force", TestDb::isLog));
        for (Thread th : workers) {
            th.join(60_000);
            assertTrue(!th.isAlive(), th.getName() + " still writing 60 s after the log fsync started failing");
        }
        if (unexpected.get() != null) {
            throw new AssertionError("unexpected exception from a writer", unexpected.get());
        }
        FsImage image = FsImage.powerLoss(fs, TestDb.MEM_DIR);
        closeAllowingAetherException(db);
        MemFileIO after = image.restore();
        try (AetherDB again = AetherDB.open(TestDb.MEM_DIR, TestDb.mem(after))) {
            NavigableMap<byte[], byte[]> seen = States.readAll(again);
            int total = 0;
            for (int t = 0; t < threads; t++) {
                for (int i : ackedByThread.get(t)) {
                    DbAssert.assertValue("acknowledged put " + t + "/" + i + " after fsync failure and power loss", threadValue(t, i), seen.remove(threadKey(t, i)));
                    total++;
                }
                if (failedAt[t] >= 0) {
                    byte[] maybe = seen.remove(threadKey(t, failedAt[t]));
                    if (maybe != null) {
                        DbAssert.assertValue("failed put " + t + "/" + failedAt[t], threadValue(t, failedAt[t]), maybe);
                    }
                }
            }
            assertEquals(List.of(), seen.keySet().stream().map(Bytes::show).toList(), "entries that were never written or never acknowledged");
            assertTrue(total > 0, "no put was acknowledged before the fault");
        }
        TestDb.assertVerifyOk(TestDb.MEM_DIR, TestDb.mem(after), "after concurrent fsync failure");
    }

    private static byte[] threadKey(int t, int i) {
        return Bytes.utf8("t" + t + "/" + String.format("%07d", i));
    }

    private static byte[] threadValue(int t, int i) {
        return Bytes.pattern(t * 1_000_003L + i, (i % 11) * 150);
    }

    @ParameterizedTest(name = "{0} fails during open")
    @ValueSource(strings = {"read data", "read log", "open"})
    void ioErrorDuringOpenIsStorageException(String fault) {
        MemFileIO fs = TestDb.newMem();
        Random r = new Random(SEED + 5);
        NavigableMap<byte[], byte[]> acked;
        try (AetherDB db = AetherDB.open(TestDb.MEM_DIR, TestDb.mem(fs))) {
            acked = fill(db, 0, 100, r, Bytes.newModel());
            db.checkpoint();
            fill(db, 100, 50, r, acked); // these need log replay after a kill
        }
        FsImage clean = FsImage.of(fs, TestDb.MEM_DIR);
        for (FsImage image : List.of(clean, killedImage(acked))) {
            boolean needsLog = image != clean;
            MemFileIO copy = image.restore();
            String data = TestDb.dataFileName(copy, TestDb.MEM_DIR);
            Predicate<Op> p = switch (fault) {
                case "read data" -> op -> (op.kind().equals("read") || op.kind().equals("map")) && op.file().equals(data);
                case "read log" -> op -> (op.kind().equals("read") || op.kind().equals("map")) && TestDb.isLog(op.file());
                default -> op -> op.kind().equals("open");
            };
            copy.failWhen(p);
            Options options = TestDb.mem(copy);
            AetherDB opened = null;
            Throwable thrown = null;
            try {
                opened = AetherDB.open(TestDb.MEM_DIR, options);
            } catch (Throwable t) {
                thrown = t;
            }
            if (opened != null) {
                try {
                    if (!fault.equals("read log") || needsLog) {
                        fail("open succeeded although every " + fault + " failed" + (needsLog ? " and the log must be replayed" : ""));
                    }
                    // A clean close may leave nothing in the log to read; then the data must be right.
                    DbAssert.assertDb("open without reading the log", acked, opened);
                } finally {
                    TestDb.closeQuietly(opened);
                }
            } else if (!(thrown instanceof StorageException)) {
                fail("open with failing " + fault + ": expected StorageException, got " + thrown, thrown);
            }
            copy.clearFaults();
            try (AetherDB db = AetherDB.open(TestDb.MEM_DIR, options)) {
                DbAssert.assertDb("open after the I/O error cleared (" + fault + ")", acked, db);
            }
        }
    }

    /** A killed database whose last 50 commits are only in the log, holding {@code acked} (extended). */
    private static FsImage killedImage(NavigableMap<byte[], byte[]> acked) {
        MemFileIO fs = TestDb.newMem();
        AetherDB db = AetherDB.open(TestDb.MEM_DIR, TestDb.mem(fs));
        try {
            for (var e : acked.entrySet()) {
                db.put(e.getKey(), e.getValue());
            }
            return FsImage.processCrash(fs, TestDb.MEM_DIR);
        } finally {
            TestDb.closeQuietly(db);
        }
    }
}
