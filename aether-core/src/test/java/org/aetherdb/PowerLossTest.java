package org.aetherdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.aetherdb.io.MemFileIO;
import org.aetherdb.io.MemFileIO.Op;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Power loss at many points: the workload runs on {@link MemFileIO} and, just before every
 * operation that changes a file (write, force, truncate, rename, delete, directory sync), the
 * state a power loss would leave ({@link MemFileIO#crash()}) is captured with what had been
 * acknowledged at that moment. Each captured state is then reopened and must show:
 * <ul>
 *   <li>SYNC: every acknowledged commit, plus at most the one commit in flight, each batch whole;</li>
 *   <li>NONE: exactly the state after some commit i (batches whole), with i at least the commits
 *       covered by the last finished checkpoint;</li>
 * </ul>
 * and for a sample: verify OK, a second power loss right after recovery changes nothing, and a
 * commit made after recovery survives the next power loss. States captured during recovery
 * itself are checked the same way. Seeded; the seed is in every failure message.
 */
class PowerLossTest {
    private static final Path DIR = TestDb.MEM_DIR;
    private static final long SEED = Long.getLong("aether.seed", 0xDEAD_BEEFL);
    private static final Set<String> MUTATING = Set.of("write", "force", "truncate", "rename", "delete", "syncDirectory");

    /** A deterministic single-writer workload: commit i (1-based) is a batch; models.get(i) is the state after it. */
    static final class Workload {
        final List<WriteBatch> batches = new ArrayList<>();
        final List<NavigableMap<byte[], byte[]>> models = new ArrayList<>();
        static final byte[] SEQ = Bytes.utf8("~seq");

        Workload(long seed, int commits) {
            Random r = new Random(seed);
            KeySpace keys = new KeySpace(seed, 300, Options.maxKeySize(TestDb.PAGE));
            ValueGen values = new ValueGen(TestDb.PAGE, 0);
            NavigableMap<byte[], byte[]> model = Bytes.newModel();
            models.add(Bytes.copy(model));
            batches.add(null);
            for (int i = 1; i <= commits; i++) {
                WriteBatch b = new WriteBatch();
                int n = 1 + r.nextInt(r.nextInt(8) == 0 ? 40 : 5);
                for (int j = 0; j < n; j++) {
                    byte[] k = keys.randomKey(r);
                    if (r.nextInt(4) == 0) {
                        b.delete(k);
                        model.remove(k);
                    } else {
                        byte[] v = r.nextInt(150) == 0 ? Bytes.pattern(r.nextLong(), 300_000) : values.next(r);
                        b.put(k, v);
                        model.put(k, v);
                    }
                }
                b.put(SEQ, Bytes.longBytes(i));
                model.put(SEQ, Bytes.longBytes(i));
                batches.add(b);
                models.add(Bytes.copy(model));
            }
        }

        int commits() {
            return batches.size() - 1;
        }

        /** Which commit a state is after, from its sequence key (0 when absent). */
        static int commitOf(NavigableMap<byte[], byte[]> state) {
            byte[] seq = state.get(SEQ);
            return seq == null ? 0 : (int) Bytes.toLong(seq);
        }
    }

    /** One captured power-loss state: the commits acknowledged before it and which commits may show. */
    record Capture(FsImage image, int acked, int lowest, int highest, String during, int opIndex) {
        String describe() {
            return "state captured before file operation #" + opIndex + " during " + during + " (acknowledged " + acked
                    + ", allowed commits " + lowest + ".." + highest + ", seed " + SEED + ")";
        }
    }

    /** Captures the power-loss state before every file-changing operation (as a fault predicate that never fails). */
    static final class Recorder implements Predicate<Op> {
        final MemFileIO fs;
        final Thread writer = Thread.currentThread();
        final List<Capture> captures = new ArrayList<>();
        private final Set<Long> seen = new HashSet<>();
        volatile int acked;
        volatile int floor;
        volatile boolean inFlight;
        volatile String during = "create";
        int ops;
        boolean enabled = true;

        Recorder(MemFileIO fs) {
            this.fs = fs;
        }

        @Override
        public synchronized boolean test(Op op) {
            if (!enabled || !MUTATING.contains(op.kind())) {
                return false;
            }
            ops++;
            int a = acked; // read before the copy: a commit acknowledged later is not required in it
            boolean mayHaveNext = inFlight || Thread.currentThread() != writer;
            int lo = floor;
            String d = during + " (" + op.kind() + " " + op.file() + " @" + op.position() + "+" + op.length() + ")";
            FsImage image = FsImage.powerLoss(fs, DIR);
            long key = image.contentHash() * 31 + a * 7L + (mayHaveNext ? 1 : 0) + lo * 1_000_003L;
            if (seen.add(key)) {
                captures.add(new Capture(image, a, lo, mayHaveNext ? a + 1 : a, d, ops));
            }
            return false;
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"SYNC", "NONE"})
    void powerLossAtEveryFileOperation(String durabilityName) {
        Durability durability = Durability.valueOf(durabilityName);
        Workload w = new Workload(SEED, durability == Durability.SYNC ? 160 : 220);
        MemFileIO fs = TestDb.newMem();
        Recorder rec = new Recorder(fs);
        fs.failWhen(rec);
        Options options = TestDb.options(fs).durability(durability).build();
        AetherDB db = AetherDB.open(DIR, options);
        try {
            for (int i = 1; i <= w.commits(); i++) {
                rec.during = "commit " + i;
                rec.inFlight = true;
                db.write(w.batches.get(i));
                rec.acked = i;
                if (durability == Durability.SYNC) {
                    rec.floor = i;
                }
                rec.inFlight = false;
                if (i % 30 == 0) {
                    rec.during = "checkpoint after commit " + i;
                    db.checkpoint();
                    rec.floor = i;
                }
            }
            rec.during = "close";
            db.close();
            rec.floor = w.commits();
            rec.enabled = false;
            rec.captures.add(new Capture(FsImage.powerLoss(fs, DIR), w.commits(), w.commits(), w.commits(), "after close", rec.ops));
        } finally {
            TestDb.closeQuietly(db);
        }
        System.out.println("PowerLossTest " + durability + ": " + rec.ops + " file operations, " + rec.captures.size() + " distinct states");
        int[] shown = new int[w.commits() + 1];
        for (int i = 0; i < rec.captures.size(); i++) {
            Capture c = rec.captures.get(i);
            int got = checkCapture(c, w, i % 8 == 0 || c.during().startsWith("checkpoint") || c.during().startsWith("close"), true);
            shown[got]++;
        }
        if (durability == Durability.SYNC) {
            assertTrue(rec.captures.size() > w.commits(), "expected at least one distinct durable state per SYNC commit, got " + rec.captures.size());
        }
    }

    /** Opens a captured state and checks it; returns which commit it shows. */
    private static int checkCapture(Capture c, Workload w, boolean deep, boolean nested) {
        MemFileIO fs = c.image().restore();
        Options options = TestDb.mem(fs);
        int shows;
        Recorder inner = null;
        if (nested && deep) {
            inner = new Recorder(fs);
            inner.during = "recovery";
            inner.acked = -1;
            fs.failWhen(inner);
        }
        AetherDB db;
        try {
            db = AetherDB.open(DIR, options);
        } catch (Throwable t) {
            throw new AssertionError(c.describe() + ": reopen failed: " + t, t);
        }
        try {
            if (inner != null) {
                inner.enabled = false;
                fs.clearFaults();
            }
            NavigableMap<byte[], byte[]> state = States.readAll(db);
            shows = Workload.commitOf(state);
            if (shows < c.lowest() || shows > c.highest() || shows > w.commits()) {
                fail(c.describe() + ": recovered the state after commit " + shows + "; " + (shows < c.lowest() ? "acknowledged commits are lost" : "it was never acknowledged nor in flight"));
            }
            NavigableMap<byte[], byte[]> expected = w.models.get(shows);
            if (!States.same(expected, state)) {
                fail(c.describe() + ": recovered state is not the state after any whole commit (sequence key says " + shows + "): "
                        + States.describeDifference(expected, state));
            }
            if (deep) {
                DbAssert.assertDb(c.describe() + ": point reads and backward scan", expected, db);
                // A second power loss right after recovery must not change what recovery showed.
                FsImage again = FsImage.powerLoss(fs, DIR);
                MemFileIO fs2 = again.restore();
                try (AetherDB db2 = AetherDB.open(DIR, TestDb.mem(fs2))) {
                    NavigableMap<byte[], byte[]> s2 = States.readAll(db2);
                    if (!States.same(expected, s2)) {
                        fail(c.describe() + ": power loss right after recovery changed the state: " + States.describeDifference(expected, s2));
                    }
                }
                // A commit after recovery survives the next power loss, on top of the recovered state.
                db.put(Bytes.utf8("after-recovery"), Bytes.utf8("durable"));
                FsImage third = FsImage.powerLoss(fs, DIR);
                MemFileIO fs3 = third.restore();
                try (AetherDB db3 = AetherDB.open(DIR, TestDb.mem(fs3))) {
                    NavigableMap<byte[], byte[]> want = Bytes.copy(expected);
                    want.put(Bytes.utf8("after-recovery"), Bytes.utf8("durable"));
                    NavigableMap<byte[], byte[]> s3 = States.readAll(db3);
                    if (!States.same(want, s3)) {
                        fail(c.describe() + ": commit after recovery, then power loss: " + States.describeDifference(want, s3));
                    }
                }
                TestDb.assertVerifyOk(DIR, TestDb.mem(fs3), c.describe() + " + commit after recovery + power loss");
            }
        } finally {
            TestDb.closeQuietly(db);
        }
        if (deep) {
            TestDb.assertVerifyOk(DIR, options, c.describe());
        }
        if (inner != null) {
            // Power loss during recovery: the next recovery must show the same possibilities.
            for (Capture during : inner.captures) {
                Capture sub = new Capture(during.image(), c.acked(), c.lowest(), c.highest(),
                        "recovery of [" + c.describe() + "], " + during.during(), during.opIndex());
                checkCapture(sub, w, false, false);
            }
        }
        return shows;
    }

    @Test
    void asyncCommitsAreDurableAfterTheSyncDelay() throws InterruptedException {
        Workload w = new Workload(SEED + 1, 60);
        MemFileIO fs = TestDb.newMem();
        Options options = TestDb.options(fs).durability(Durability.ASYNC).asyncSyncDelay(Duration.ofMillis(20)).build();
        try (AetherDB db = AetherDB.open(DIR, options)) {
            for (int i = 1; i <= w.commits(); i++) {
                db.write(w.batches.get(i));
            }
            Thread.sleep(1000); // fifty times the promised bound
            FsImage image = FsImage.powerLoss(fs, DIR);
            try (AetherDB after = AetherDB.open(DIR, TestDb.mem(image.restore()))) {
                NavigableMap<byte[], byte[]> state = States.readAll(after);
                assertEquals(w.commits(), Workload.commitOf(state), "ASYNC commits older than asyncSyncDelay must survive power loss");
                DbAssert.assertDb("ASYNC after the delay", w.models.get(w.commits()), after);
            }
        }
    }

    @Test
    void durabilityNoneSurvivesProcessCrash() {
        Workload w = new Workload(SEED + 2, 80);
        MemFileIO fs = TestDb.newMem();
        try (AetherDB db = AetherDB.open(DIR, TestDb.options(fs).durability(Durability.NONE).build())) {
            for (int i = 1; i <= w.commits(); i++) {
                db.write(w.batches.get(i));
            }
            FsImage killed = FsImage.processCrash(fs, DIR);
            try (AetherDB after = AetherDB.open(DIR, TestDb.mem(killed.restore()))) {
                DbAssert.assertDb("NONE durability after kill -9 (the log is written, only the fsync is skipped)", w.models.get(w.commits()), after);
            }
        }
    }

    /**
     * Group commit under power loss: several threads commit batches of their own keys; each
     * captured state must hold, per thread, exactly a prefix of its batches (all acknowledged
     * ones, at most one more), each batch whole.
     */
    @Test
    void concurrentWritersPowerLoss() throws Exception {
        int threads = 4;
        MemFileIO fs = TestDb.newMem();
        AtomicIntegerArray acked = new AtomicIntegerArray(threads);
        List<FsImage> images = new ArrayList<>();
        List<int[]> ackedAt = new ArrayList<>();
        int[] counter = {0};
        fs.failWhen(op -> {
            if (MUTATING.contains(op.kind()) && counter[0]++ % 3 == 0 && images.size() < 400) {
                int[] a = new int[threads];
                for (int t = 0; t < threads; t++) {
                    a[t] = acked.get(t);
                }
                images.add(FsImage.powerLoss(fs, DIR));
                ackedAt.add(a);
            }
            return false;
        });
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (AetherDB db = AetherDB.open(DIR, TestDb.mem(fs))) {
            List<Thread> writers = new ArrayList<>();
            long end = System.nanoTime() + 1_500_000_000L;
            for (int t = 0; t < threads; t++) {
                int id = t;
                Thread th = new Thread(() -> {
                    try {
                        for (int s = 0; System.nanoTime() < end && s < 2000; s++) {
                            db.write(threadBatch(id, s));
                            acked.set(id, s + 1);
                            if (id == 0 && s % 100 == 99) {
                                db.checkpoint();
                            }
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }, "writer-" + t);
                writers.add(th);
                th.start();
            }
            for (Thread th : writers) {
                th.join();
            }
        }
        fs.clearFaults();
        if (failure.get() != null) {
            throw new AssertionError("writer failed", failure.get());
        }
        System.out.println("PowerLossTest concurrent: " + images.size() + " states, acknowledged " + acked);
        for (int i = 0; i < images.size(); i++) {
            MemFileIO copy = images.get(i).restore();
            String ctx = "concurrent writers, state #" + i + " (acknowledged per thread " + Arrays.toString(ackedAt.get(i)) + ")";
            try (AetherDB db = AetherDB.open(DIR, TestDb.mem(copy))) {
                checkThreadPrefixes(ctx, States.readAll(db), ackedAt.get(i), threads);
            } catch (AssertionError e) {
                throw e;
            } catch (Throwable t) {
                throw new AssertionError(ctx + ": " + t, t);
            }
            if (i % 10 == 0) {
                TestDb.assertVerifyOk(DIR, TestDb.mem(copy), ctx);
            }
        }
    }

    static WriteBatch threadBatch(int t, int s) {
        WriteBatch b = new WriteBatch();
        for (int j = 0; j < 3; j++) {
            b.put(Bytes.utf8("b/" + t + "/" + String.format("%06d", s) + "/" + j), threadValue(t, s, j));
        }
        b.put(Bytes.utf8("last/" + t), Bytes.longBytes(s));
        return b;
    }

    static byte[] threadValue(int t, int s, int j) {
        int size = j == 1 && s % 50 == 7 ? 150_000 : j == 2 && s % 3 == 0 ? 2000 : 10 + (s + j) % 50;
        return Bytes.pattern(((long) t << 40) ^ ((long) s << 8) ^ j, size);
    }

    /** Each thread's batches present form a whole prefix 0..m-1 with m in [acked, acked+1]. */
    static void checkThreadPrefixes(String ctx, NavigableMap<byte[], byte[]> state, int[] acked, int threads) {
        checkThreadPrefixes(ctx, state, new int[threads], acked, threads);
    }

    /**
     * Each thread t's batches present are exactly from[t]..m-1, each whole, with m in
     * [acked[t], acked[t]+1]; last/t names the newest (batches below from[t] were deleted).
     */
    static void checkThreadPrefixes(String ctx, NavigableMap<byte[], byte[]> state, int[] from, int[] acked, int threads) {
        NavigableMap<byte[], byte[]> rest = Bytes.copy(state);
        for (int t = 0; t < threads; t++) {
            int present = from[t];
            while (rest.containsKey(Bytes.utf8("b/" + t + "/" + String.format("%06d", present) + "/0"))) {
                for (int j = 0; j < 3; j++) {
                    byte[] k = Bytes.utf8("b/" + t + "/" + String.format("%06d", present) + "/" + j);
                    DbAssert.assertValue(ctx + ": batch " + t + "/" + present + " entry " + j + " (batches must be whole)", threadValue(t, present, j), rest.remove(k));
                }
                present++;
            }
            if (present < acked[t] || present > acked[t] + 1) {
                fail(ctx + ": thread " + t + " has batches " + from[t] + ".." + (present - 1) + " but " + acked[t] + " were acknowledged");
            }
            byte[] last = rest.remove(Bytes.utf8("last/" + t));
            if (present == 0) {
                DbAssert.assertValue(ctx + ": last/" + t, null, last);
            } else {
                DbAssert.assertValue(ctx + ": last/" + t + " must name the newest batch present", Bytes.longBytes(present - 1), last);
            }
        }
        if (!rest.isEmpty()) {
            List<String> extra = new ArrayList<>();
            for (Map.Entry<byte[], byte[]> e : rest.entrySet()) {
                extra.add(Bytes.show(e.getKey()));
            }
            fail(ctx + ": entries that are not whole batches in sequence (a later batch without its predecessor, or a partial one): " + extra);
        }
    }
}
