package org.aetherdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.NavigableMap;
import java.util.Random;
import java.util.stream.Stream;
import org.aetherdb.io.MemFileIO;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Conformance against {@link java.util.TreeMap}: long seeded random sequences of puts, deletes,
 * batches, point reads, cursor walks, snapshots checked many commits later, transactions
 * (committed, rolled back, abandoned), checkpoints, close/reopen and (in memory) crash/reopen,
 * with phases that grow the tree (splits) and phases that empty ranges (merges).
 *
 * <p>Reproduce a failure with the seed printed in its message:
 * {@code ./mvnw -q -B -pl aether-core test -Dtest=DifferentialTest -Daether.seed=<seed> [-Daether.diff.ops=N]}.
 */
class DifferentialTest {
    enum Backend { MEM, DISK }

    static Stream<Arguments> runs() {
        String fixed = System.getProperty("aether.seed");
        if (fixed != null) {
            long seed = Long.parseLong(fixed);
            return Stream.of(Arguments.of(Backend.MEM, seed), Arguments.of(Backend.DISK, seed));
        }
        return Stream.of(
                Arguments.of(Backend.MEM, 1L),
                Arguments.of(Backend.MEM, 20260101L),
                Arguments.of(Backend.MEM, 0x5eed_cafeL),
                Arguments.of(Backend.DISK, 7L),
                Arguments.of(Backend.DISK, 424242L));
    }

    @ParameterizedTest(name = "{0} seed={1}")
    @MethodSource("runs")
    void randomOperationsMatchTreeMap(Backend backend, long seed, @TempDir Path tmp) {
        int ops = Integer.getInteger("aether.diff.ops", backend == Backend.MEM ? 4000 : 2000);
        Harness h = new Harness(backend, seed, backend == Backend.MEM ? TestDb.MEM_DIR : tmp.resolve("db"));
        h.run(ops);
    }

    /** A snapshot under test and the model state it must keep showing. */
    private record HeldSnapshot(Snapshot snapshot, NavigableMap<byte[], byte[]> model, int takenAt, long sequence) {}

    private static final class Harness {
        private final Backend backend;
        private final long seed;
        private final Path dir;
        private final Random rnd;
        private final KeySpace keys;
        private final ValueGen values = new ValueGen(TestDb.PAGE, 2);
        private NavigableMap<byte[], byte[]> model = Bytes.newModel();
        private final List<HeldSnapshot> snapshots = new ArrayList<>();
        private final Deque<String> recent = new ArrayDeque<>();
        private MemFileIO fs;
        private AetherDB db;
        private int step;
        private boolean shrinking;

        Harness(Backend backend, long seed, Path dir) {
            this.backend = backend;
            this.seed = seed;
            this.dir = dir;
            this.rnd = new Random(seed);
            this.keys = new KeySpace(seed, 1500, Options.maxKeySize(TestDb.PAGE));
            if (backend == Backend.MEM) {
                fs = TestDb.newMem();
            }
        }

        private Options options() {
            return backend == Backend.MEM ? TestDb.mem(fs) : TestDb.disk();
        }

        void run(int ops) {
            try {
                db = AetherDB.open(dir, options());
                assertEquals(Options.maxKeySize(TestDb.PAGE), db.maxKeySize(), "maxKeySize for 4 KiB pages");
                for (step = 0; step < ops; step++) {
                    if (step % 700 == 0) {
                        shrinking = !shrinking && step > 0;
                    }
                    oneOperation();
                }
                log("final check");
                for (HeldSnapshot s : List.copyOf(snapshots)) {
                    checkSnapshot(s, true);
                }
                DbAssert.assertDb("final", model, db);
                db.close();
                TestDb.assertVerifyOk(dir, options(), "verify after final close");
            } catch (Throwable t) {
                TestDb.closeQuietly(db);
                throw new AssertionError("DifferentialTest failed: backend=" + backend + " seed=" + seed + " step=" + step
                        + " (reproduce: -Dtest=DifferentialTest -Daether.seed=" + seed + ")\n  recent operations:\n    "
                        + String.join("\n    ", recent) + "\n  cause: " + t, t);
            }
        }

        private void log(String op) {
            if (recent.size() == 25) {
                recent.removeFirst();
            }
            recent.addLast(step + ": " + op);
        }

        private void oneOperation() {
            int p = rnd.nextInt(1000);
            int putWeight = shrinking ? 120 : 300;
            if ((p -= putWeight) < 0) {
                put();
            } else if ((p -= shrinking ? 220 : 80) < 0) {
                delete();
            } else if ((p -= 80) < 0) {
                batch();
            } else if ((p -= 150) < 0) {
                get();
            } else if ((p -= 90) < 0) {
                walk();
            } else if ((p -= 25) < 0) {
                takeSnapshot();
            } else if ((p -= 25) < 0) {
                checkOldSnapshot();
            } else if ((p -= 60) < 0) {
                transaction();
            } else if ((p -= 12) < 0) {
                log("checkpoint");
                db.checkpoint();
            } else if ((p -= shrinking ? 25 : 8) < 0) {
                deleteRange();
            } else if ((p -= shrinking ? 2 : 12) < 0) {
                bulkLoad();
            } else if ((p -= 6) < 0) {
                reopen();
            } else if ((p -= backend == Backend.MEM ? 4 : 0) < 0) {
                crashAndReopen();
            } else {
                get();
            }
        }

        private void put() {
            byte[] k = keys.randomKey(rnd);
            byte[] v = values.next(rnd);
            log("put " + Bytes.show(k) + " -> " + v.length + " B");
            db.put(k, v);
            model.put(k, v);
        }

        private void delete() {
            byte[] k = rnd.nextInt(3) == 0 ? keys.probe(rnd) : keys.randomKey(rnd);
            log("delete " + Bytes.show(k));
            db.delete(k);
            model.remove(k);
        }

        private void batch() {
            WriteBatch b = new WriteBatch();
            NavigableMap<byte[], byte[]> after = Bytes.copy(model);
            int n = 1 + rnd.nextInt(rnd.nextInt(5) == 0 ? 60 : 8);
            for (int i = 0; i < n; i++) {
                byte[] k = keys.randomKey(rnd);
                if (rnd.nextInt(3) == 0) {
                    b.delete(k);
                    after.remove(k);
                } else {
                    byte[] v = values.next(rnd);
                    b.put(k, v);
                    after.put(k, v);
                }
            }
            log("batch of " + n);
            db.write(b);
            model = after;
        }

        private void get() {
            byte[] k = keys.probe(rnd);
            log("get " + Bytes.show(k));
            DbAssert.assertValue("get " + Bytes.show(k), model.get(k), db.get(k));
        }

        private void walk() {
            int steps = 1 + rnd.nextInt(rnd.nextInt(4) == 0 ? 600 : 40);
            log("cursor walk of " + steps + " moves");
            try (Cursor c = db.newCursor()) {
                CursorWalk.run("cursor walk", model, c, rnd, steps, keys::probe);
            }
        }

        private void takeSnapshot() {
            if (snapshots.size() >= 4) {
                checkSnapshot(snapshots.get(0), true);
            }
            Snapshot s = db.snapshot();
            long seq = db.stats().sequence();
            log("snapshot at sequence " + s.sequence());
            assertEquals(seq, s.sequence(), "a snapshot taken with no concurrent commit shows the latest sequence");
            snapshots.add(new HeldSnapshot(s, Bytes.copy(model), step, s.sequence()));
        }

        private void checkOldSnapshot() {
            if (!snapshots.isEmpty()) {
                checkSnapshot(snapshots.get(0), rnd.nextBoolean());
            }
        }

        private void checkSnapshot(HeldSnapshot h, boolean close) {
            log("check snapshot from step " + h.takenAt() + (close ? " and close it" : ""));
            String ctx = "snapshot taken at step " + h.takenAt() + " (sequence " + h.sequence() + ")";
            assertEquals(h.sequence(), h.snapshot().sequence(), ctx + ": sequence changed");
            DbAssert.assertSnapshot(ctx, h.model(), h.snapshot());
            for (int i = 0; i < 20; i++) {
                byte[] k = keys.probe(rnd);
                DbAssert.assertValue(ctx + ": get " + Bytes.show(k), h.model().get(k), h.snapshot().get(k));
            }
            try (Cursor c = h.snapshot().newCursor()) {
                CursorWalk.run(ctx + " cursor", h.model(), c, rnd, 50, keys::probe);
            }
            if (close) {
                h.snapshot().close();
                snapshots.remove(h);
            }
        }

        private void transaction() {
            NavigableMap<byte[], byte[]> view = Bytes.copy(model);
            int n = 1 + rnd.nextInt(30);
            log("transaction of " + n + " operations");
            try (Transaction tx = db.begin()) {
                for (int i = 0; i < n; i++) {
                    int p = rnd.nextInt(10);
                    if (p < 4) {
                        byte[] k = keys.randomKey(rnd);
                        byte[] v = values.next(rnd);
                        tx.put(k, v);
                        view.put(k, v);
                    } else if (p < 6) {
                        byte[] k = rnd.nextInt(4) == 0 ? keys.probe(rnd) : keys.randomKey(rnd);
                        tx.delete(k);
                        view.remove(k);
                    } else if (p < 9) {
                        byte[] k = keys.probe(rnd);
                        DbAssert.assertValue("transaction get " + Bytes.show(k), view.get(k), tx.get(k));
                    } else {
                        try (Cursor c = tx.newCursor()) {
                            CursorWalk.run("transaction cursor", view, c, rnd, 1 + rnd.nextInt(60), keys::probe);
                        }
                    }
                }
                int end = rnd.nextInt(20);
                if (end < 12) {
                    log("  commit");
                    tx.commit();
                    model = view;
                } else if (end < 17) {
                    log("  rollback");
                    tx.rollback();
                } else {
                    log("  close without commit");
                    return;
                }
                assertThrows(IllegalStateException.class, () -> tx.get(keys.key(0)), "transaction used after it ended");
            }
        }

        private void deleteRange() {
            byte[] from = keys.probe(rnd);
            int limit = 1 + rnd.nextInt(400);
            List<byte[]> victims = new ArrayList<>();
            for (byte[] k : model.tailMap(from, true).keySet()) {
                if (victims.size() == limit) {
                    break;
                }
                victims.add(k);
            }
            log("delete range from " + Bytes.show(from) + ": " + victims.size() + " keys");
            if (rnd.nextBoolean()) {
                WriteBatch b = new WriteBatch();
                victims.forEach(b::delete);
                db.write(b);
            } else {
                victims.forEach(db::delete);
            }
            victims.forEach(model::remove);
        }

        private void bulkLoad() {
            int n = 50 + rnd.nextInt(250);
            int start = rnd.nextInt(keys.size());
            WriteBatch b = new WriteBatch();
            NavigableMap<byte[], byte[]> after = Bytes.copy(model);
            for (int i = 0; i < n; i++) {
                byte[] k = keys.key((start + i) % keys.size());
                byte[] v = Bytes.pattern(rnd.nextLong(), rnd.nextInt(8) == 0 ? 1300 : rnd.nextInt(100));
                b.put(k, v);
                after.put(k, v);
            }
            log("bulk load batch of " + n);
            db.write(b);
            model = after;
        }

        private void closeSnapshotsBeforeClose() {
            for (HeldSnapshot s : List.copyOf(snapshots)) {
                checkSnapshot(s, false);
            }
        }

        private void reopen() {
            closeSnapshotsBeforeClose();
            log("close and reopen");
            db.close();
            for (HeldSnapshot s : snapshots) {
                assertThrows(DatabaseClosedException.class, () -> s.snapshot().get(keys.key(0)),
                        "snapshot read after its database was closed");
                s.snapshot().close();
            }
            snapshots.clear();
            if (rnd.nextInt(3) == 0) {
                log("verify");
                TestDb.assertVerifyOk(dir, options(), "verify after close at step " + step);
            }
            db = AetherDB.open(dir, options());
            DbAssert.assertDb("after reopen", model, db);
        }

        private void crashAndReopen() {
            closeSnapshotsBeforeClose();
            boolean power = rnd.nextBoolean();
            log((power ? "power loss" : "process crash") + " and reopen");
            MemFileIO after = power ? fs.crash() : fs.processCrash();
            TestDb.closeQuietly(db);
            for (HeldSnapshot s : snapshots) {
                s.snapshot().close();
            }
            snapshots.clear();
            fs = after;
            db = AetherDB.open(dir, options());
            DbAssert.assertDb("after " + (power ? "power loss" : "process crash") + " (SYNC: every commit must survive)", model, db);
        }
    }
}
