package org.aetherdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
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

    /**
     * What a database must hold: acknowledged writes for sure, and for keys whose write failed
     * with an unknown outcome, the set of values allowed (null = absent).
     */
    static final class Expected {
        final NavigableMap<byte[], byte[]> sure = Bytes.newModel();
        final NavigableMap<byte[], List<byte[]>> maybe = new TreeMap<>(Bytes.ORDER);

        void put(byte[] k, byte[] v) {
            sure.put(k, v);
            maybe.remove(k);
        }

        void delete(byte[] k) {
            sure.remove(k);
            maybe.remove(k);
        }

        /** A write that failed during the call: it may or may not have happened. */
        void unknown(byte[] k, byte[] vOrNull) {
            List<byte[]> allowed = maybe.computeIfAbsent(k, x -> {
                List<byte[]> l = new ArrayList<>();
                l.add(sure.get(x));
                return l;
            });
            allowed.add(vOrNull);
            sure.remove(k);
        }

        void check(String context, AetherDB db) {
            NavigableMap<byte[], byte[]> state = States.readAll(db);
            TreeSet<byte[]> keys = new TreeSet<>(Bytes.ORDER);
            keys.addAll(state.keySet());
            keys.addAll(sure.keySet());
            keys.addAll(maybe.keySet());
            for (byte[] k : keys) {
                byte[] got = state.get(k);
                byte[] read = db.get(k);
                DbAssert.assertValue(context + ": get and scan disagree on " + Bytes.show(k), got, read);
                List<byte[]> allowed = maybe.get(k);
                if (allowed == null) {
                    DbAssert.assertValue(context + ": " + Bytes.show(k), sure.get(k), got);
                } else if (allowed.stream().noneMatch(a -> Arrays.equals(a, got))) {
                    fail(context + ": " + Bytes.show(k) + " is " + Bytes.show(got) + ", allowed: "
                            + allowed.stream().map(Bytes::show).toList());
                }
            }
        }
    }

    private static byte[] key(int i) {
        return Bytes.utf8(String.format("key/%05d", i));
    }

    private static byte[] value(Random r) {
        int p = r.nextInt(10);
        return Bytes.pattern(r.nextLong(), p < 6 ? r.nextInt(40) : p < 9 ? 1300 + r.nextInt(200) : 5000 + r.nextInt(9000));
    }

    /** Writes n acknowledged puts. */
    private static Expected fill(AetherDB db, int from, int n, Random r, Expected expected) {
        for (int i = from; i < from + n; i++) {
            byte[] v = value(r);
            db.put(key(i), v);
            expected.put(key(i), v);
        }
        return expected;
    }

    /**
     * Tries every write path once; each must throw ReadOnlyException. A deviation is recorded in
     * {@code problems} (reported at the end of the test, after recovery was checked too) and its
     * effect in {@code expected}.
     */
    private static void tryWritesExpectingReadOnly(AetherDB db, Expected expected, List<String> problems, String context) {
        byte[] x = Bytes.utf8("x");
        attempt(problems, context + ": put", () -> db.put(key(99_990), x),
                () -> expected.put(key(99_990), x), () -> expected.unknown(key(99_990), x));
        attempt(problems, context + ": delete", () -> db.delete(key(0)),
                () -> expected.delete(key(0)), () -> expected.unknown(key(0), null));
        attempt(problems, context + ": write", () -> db.write(new WriteBatch().put(key(99_991), x)),
                () -> expected.put(key(99_991), x), () -> expected.unknown(key(99_991), x));
        try (Transaction tx = db.begin()) {
            tx.put(key(99_992), x);
            attempt(problems, context + ": transaction commit", tx::commit,
                    () -> expected.put(key(99_992), x), () -> expected.unknown(key(99_992), x));
        }
    }

    private static void attempt(List<String> problems, String what, Runnable call, Runnable ifApplied, Runnable ifUnknown) {
        try {
            call.run();
            problems.add(what + " succeeded; expected ReadOnlyException");
            ifApplied.run();
        } catch (ReadOnlyException expected) {
            // refused: nothing applied
        } catch (AetherException e) {
            problems.add(what + ": expected ReadOnlyException, got " + e);
            ifUnknown.run();
        }
    }

    private static void reportProblems(List<String> problems) {
        if (!problems.isEmpty()) {
            fail(problems.size() + " problem(s):\n  " + String.join("\n  ", problems));
        }
    }

    /** Reopens a crash image: acknowledged writes present, failed ones old or new; verify OK; writable. */
    private static void assertRecovers(FsImage image, Expected expected, String context) {
        MemFileIO fs = image.restore();
        Options options = TestDb.mem(fs);
        try (AetherDB db = AetherDB.open(TestDb.MEM_DIR, options)) {
            expected.check(context + ": recovered state", db);
            db.put(Bytes.utf8("written-after-recovery"), Bytes.utf8("ok"));
        }
        TestDb.assertVerifyOk(TestDb.MEM_DIR, options, context);
        try (AetherDB db = AetherDB.open(TestDb.MEM_DIR, options)) {
            DbAssert.assertValue(context + ": write after recovery, reopened", Bytes.utf8("ok"), db.get(Bytes.utf8("written-after-recovery")));
        }
    }

    private static void closeAllowingAetherException(AetherDB db) {
        try {
            db.close();
        } catch (AetherException expected) {
            // a broken instance may report its state on close; it must still release everything
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
        List<String> problems = new ArrayList<>();
        AetherDB db = AetherDB.open(TestDb.MEM_DIR, TestDb.mem(fs));
        try {
            Expected expected = fill(db, 0, 60, r, new Expected());
            fs.failWhen(arm(on(kind, TestDb::isLog), oneShot));
            byte[] fk = key(70_000);
            byte[] fv = value(r);
            AetherDB d = db;
            AetherException first = assertThrows(AetherException.class, () -> d.put(fk, fv), "put while the log " + kind + " fails");
            if (!(first instanceof StorageException)) {
                problems.add("the put during which the log " + kind + " failed threw " + first + "; StorageException expected");
            }
            expected.unknown(fk, fv);
            tryWritesExpectingReadOnly(db, expected, problems, "after a failed log " + kind + (oneShot ? " (disk works again)" : ""));
            expected.check("reads after a failed log " + kind, db);
            FsImage image = power ? FsImage.powerLoss(fs, TestDb.MEM_DIR) : FsImage.processCrash(fs, TestDb.MEM_DIR);
            closeAllowingAetherException(db);
            assertRecovers(image, expected, "recovery after a failed log " + kind + (power ? " and power loss" : " and kill"));
        } finally {
            TestDb.closeQuietly(db);
        }
        reportProblems(problems);
    }

    @ParameterizedTest(name = "disk full after {0} more bytes")
    @ValueSource(ints = {20_000, 300_000, 1_100_000, 2_500_000})
    void fullDisk(int budget) {
        MemFileIO fs = TestDb.newMem();
        Random r = new Random(SEED + budget);
        List<String> problems = new ArrayList<>();
        AetherDB db = AetherDB.open(TestDb.MEM_DIR, TestDb.mem(fs));
        try {
            Expected expected = fill(db, 0, 20, r, new Expected());
            AtomicLong written = new AtomicLong();
            fs.failWhen(op -> op.kind().equals("write") && written.addAndGet(op.length()) > budget);
            AetherException failure = null;
            for (int i = 20; i < 20_000 && failure == null; i++) {
                byte[] v = value(r);
                try {
                    db.put(key(i), v);
                    expected.put(key(i), v);
                } catch (AetherException e) {
                    failure = e;
                    expected.unknown(key(i), v);
                }
            }
            if (failure == null) {
                fail("a full disk was never reported (" + written.get() + " bytes written, budget " + budget + ")");
            }
            if (!(failure instanceof StorageException)) {
                problems.add("the first put refused on a full disk threw " + failure + "; StorageException expected");
            }
            tryWritesExpectingReadOnly(db, expected, problems, "after disk full (first failure: " + failure.getMessage() + ")");
            expected.check("reads after disk full", db);
            FsImage killed = FsImage.processCrash(fs, TestDb.MEM_DIR);
            FsImage powerLoss = FsImage.powerLoss(fs, TestDb.MEM_DIR);
            closeAllowingAetherException(db);
            assertRecovers(killed, expected, "recovery after disk full and kill (budget " + budget + ")");
            assertRecovers(powerLoss, expected, "recovery after disk full and power loss (budget " + budget + ")");
        } finally {
            TestDb.closeQuietly(db);
        }
        reportProblems(problems);
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
        List<String> problems = new ArrayList<>();
        for (boolean power : List.of(false, true)) {
            MemFileIO fs = TestDb.newMem();
            Random r = new Random(SEED + 3);
            AetherDB db = AetherDB.open(TestDb.MEM_DIR, TestDb.mem(fs));
            try {
                Expected expected = fill(db, 0, 80, r, new Expected());
                db.checkpoint();
                fill(db, 80, 120, r, expected);
                String data = TestDb.dataFileName(fs, TestDb.MEM_DIR);
                fs.failWhen(arm(checkpointFault(fault, data), true));
                try {
                    db.checkpoint();
                    if (mustFail) {
                        problems.add("checkpoint succeeded although its " + fault + " failed");
                    }
                } catch (AetherException e) {
                    if (!(e instanceof StorageException)) {
                        problems.add("checkpoint during a failed " + fault + ": expected StorageException, got " + e);
                    }
                }
                fs.clearFaults();
                // The instance may keep accepting writes (then they must be durable) or refuse them all.
                for (int i = 200; i < 230; i++) {
                    byte[] v = value(r);
                    try {
                        db.put(key(i), v);
                        expected.put(key(i), v);
                    } catch (ReadOnlyException refused) {
                        break;
                    } catch (AetherException e) {
                        problems.add("put after a failed checkpoint (" + fault + ") with the disk working again: " + e);
                        expected.unknown(key(i), v);
                        break;
                    }
                }
                expected.check("reads after a failed checkpoint (" + fault + ")", db);
                FsImage image = power ? FsImage.powerLoss(fs, TestDb.MEM_DIR) : FsImage.processCrash(fs, TestDb.MEM_DIR);
                closeAllowingAetherException(db);
                assertRecovers(image, expected, "recovery after a failed checkpoint (" + fault + ", " + (power ? "power loss" : "kill") + ")");
            } finally {
                TestDb.closeQuietly(db);
            }
        }
        reportProblems(problems);
    }

    @Test
    void closeWhoseCheckpointFailsStillReleasesTheDirectory() {
        MemFileIO fs = TestDb.newMem();
        Random r = new Random(SEED + 4);
        AetherDB db = AetherDB.open(TestDb.MEM_DIR, TestDb.mem(fs));
        Expected acked = fill(db, 0, 150, r, new Expected());
        String data = TestDb.dataFileName(fs, TestDb.MEM_DIR);
        fs.failWhen(on("write", data::equals).or(on("force", data::equals)));
        closeAllowingAetherException(db);
        assertThrows(DatabaseClosedException.class, () -> db.get(key(0)), "instance is closed even though its last checkpoint failed");
        fs.clearFaults();
        try (AetherDB again = AetherDB.open(TestDb.MEM_DIR, TestDb.mem(fs))) {
            acked.check("reopened after a close whose checkpoint failed", again);
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
            Expected e = fill(db, 0, 100, r, new Expected());
            db.checkpoint();
            acked = fill(db, 100, 50, r, e).sure;
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
