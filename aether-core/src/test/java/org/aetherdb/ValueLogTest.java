package org.aetherdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.NavigableMap;
import org.aetherdb.io.MemFileIO;
import org.aetherdb.io.NioFileIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values kept in the log (docs/VALUE-LOG.md): values above the threshold are referenced where
 * their record put them; the log keeps exactly the segments a readable version refers to, across
 * checkpoints, snapshots, reopen and power loss; smaller values stay in their leaves.
 */
class ValueLogTest {
    /** 4 KiB pages: values above 256 B are logged, above about 1280 B written to the data file. */
    private static final int LOGGED = 1000;

    private AetherDB db;

    @AfterEach
    void closeDb() {
        TestDb.closeQuietly(db);
    }

    private static byte[] key(int i) {
        return Bytes.utf8(String.format("key/%05d", i));
    }

    private static byte[] value(int i, int round, int size) {
        return Bytes.pattern(i * 1_000_003L + round, size);
    }

    /** Puts keys [0, n) with values of {@code size} bytes for {@code round}, into db and model. */
    private void fill(NavigableMap<byte[], byte[]> model, int n, int round, int size) {
        for (int i = 0; i < n; i++) {
            byte[] v = value(i, round, size);
            db.put(key(i), v);
            model.put(key(i), v);
        }
    }

    private long liveBytes() {
        return db.stats().logValueBytes();
    }

    @Test
    void valuesAboveTheThresholdAreCountedInTheLogAndSmallOnesAreNot() {
        MemFileIO fs = TestDb.newMem();
        db = AetherDB.open(TestDb.MEM_DIR, TestDb.mem(fs));
        NavigableMap<byte[], byte[]> model = Bytes.newModel();
        fill(model, 50, 1, 100);
        assertEquals(0, liveBytes(), "100-byte values stay in their leaves");
        fill(model, 50, 2, LOGGED);
        assertEquals(50L * LOGGED, liveBytes(), "each logged value counted once");
        db.delete(key(7));
        model.remove(key(7));
        db.put(key(8), Bytes.utf8("small again"));
        model.put(key(8), Bytes.utf8("small again"));
        assertEquals(48L * LOGGED, liveBytes(), "a delete and an overwrite with a small value discount the old value");
        DbAssert.assertDb("before reopen", model, db);
        db.close();
        TestDb.assertVerifyOk(TestDb.MEM_DIR, TestDb.mem(fs), "after logged values");
        db = AetherDB.open(TestDb.MEM_DIR, TestDb.mem(fs));
        assertEquals(48L * LOGGED, liveBytes(), "the checkpoint recorded the live bytes per segment");
        DbAssert.assertDb("after reopen", model, db);
    }

    @Test
    void segmentsAreKeptWhileTheirValuesAreLiveAndReleasedOnceOverwritten() {
        MemFileIO fs = TestDb.newMem();
        Options options = TestDb.mem(fs);
        db = AetherDB.open(TestDb.MEM_DIR, options);
        NavigableMap<byte[], byte[]> model = Bytes.newModel();
        // 3000 x 1000 B: about 3 MiB of log, three 1 MiB segments, several checkpoints by log size
        fill(model, 3000, 1, LOGGED);
        db.checkpoint();
        assertTrue(db.stats().valueSegments() >= 2, "segments before the replay start kept for their values: " + db.stats());
        assertEquals(3000L * LOGGED, liveBytes());
        DbAssert.assertDb("after the first fill", model, db);
        // overwrite everything with small values: no segment holds a live value any more
        fill(model, 3000, 2, 10);
        db.checkpoint();
        assertEquals(0, liveBytes());
        assertEquals(0, db.stats().valueSegments(), "every value segment released: " + db.stats());
        DbAssert.assertDb("after overwriting", model, db);
        db.close();
        TestDb.assertVerifyOk(TestDb.MEM_DIR, options, "after release");
        long segments = TestDb.logFileNames(fs, TestDb.MEM_DIR).stream().filter(n -> n.startsWith("wal-")).count();
        assertEquals(1, segments, "one live segment left: " + TestDb.logFileNames(fs, TestDb.MEM_DIR));
    }

    @Test
    void aSnapshotKeepsTheSegmentsOfTheValuesItReads() {
        MemFileIO fs = TestDb.newMem();
        db = AetherDB.open(TestDb.MEM_DIR, TestDb.mem(fs));
        NavigableMap<byte[], byte[]> before = Bytes.newModel();
        fill(before, 2000, 1, LOGGED);
        db.checkpoint();
        try (Snapshot s = db.snapshot()) {
            NavigableMap<byte[], byte[]> after = Bytes.newModel();
            fill(after, 2000, 2, 10);
            db.checkpoint();
            db.checkpoint();
            assertEquals(0, liveBytes());
            assertTrue(db.stats().valueSegments() >= 1, "the snapshot's values are still reachable: " + db.stats());
            DbAssert.assertSnapshot("snapshot after its values were overwritten and checkpointed", before, s);
            DbAssert.assertDb("the newest version", after, db);
        }
        db.checkpoint();
        assertEquals(0, db.stats().valueSegments(), "released once the snapshot closed: " + db.stats());
    }

    @Test
    void powerLossKeepsEveryAcknowledgedLoggedValue() {
        MemFileIO fs = TestDb.newMem();
        Options options = TestDb.mem(fs);
        db = AetherDB.open(TestDb.MEM_DIR, options);
        NavigableMap<byte[], byte[]> model = Bytes.newModel();
        fill(model, 1500, 1, LOGGED);
        db.checkpoint();
        fill(model, 700, 2, LOGGED + 200); // after the checkpoint: only the log holds these
        for (int i = 0; i < 300; i += 3) {
            db.delete(key(i));
            model.remove(key(i));
        }
        MemFileIO afterPowerLoss = fs.crash(); // SYNC puts: every one of them acknowledged durable
        TestDb.closeQuietly(db);
        db = AetherDB.open(TestDb.MEM_DIR, TestDb.mem(afterPowerLoss));
        DbAssert.assertDb("after power loss", model, db);
        long expected = 0;
        for (byte[] v : model.values()) {
            expected += v.length > 256 ? v.length : 0;
        }
        assertEquals(expected, liveBytes(), "replay discounted what it overwrote and deleted");
        db.close();
        TestDb.assertVerifyOk(TestDb.MEM_DIR, TestDb.mem(afterPowerLoss), "after recovery");
    }

    @Test
    void noneCommitsInACheckpointSurviveAPowerLoss() {
        MemFileIO fs = TestDb.newMem();
        Options options = TestDb.options(fs).durability(Durability.NONE).build();
        db = AetherDB.open(TestDb.MEM_DIR, options);
        NavigableMap<byte[], byte[]> model = Bytes.newModel();
        fill(model, 500, 1, LOGGED);
        db.checkpoint(); // its tree refers to records of NONE commits: the checkpoint forces them
        MemFileIO afterPowerLoss = fs.crash();
        TestDb.closeQuietly(db);
        db = AetherDB.open(TestDb.MEM_DIR, TestDb.mem(afterPowerLoss));
        DbAssert.assertDb("after power loss", model, db);
    }

    @Test
    void theThresholdMayChangeBetweenOpens(@TempDir Path tmp) {
        Path dir = tmp.resolve("db");
        Options logging = TestDb.options(NioFileIO.INSTANCE).logValuesAbove(64).build();
        Options inline = TestDb.options(NioFileIO.INSTANCE).logValuesAbove(Integer.MAX_VALUE).build();
        NavigableMap<byte[], byte[]> model = Bytes.newModel();
        db = AetherDB.open(dir, logging);
        fill(model, 400, 1, 500);
        assertEquals(400L * 500, liveBytes());
        db.close();
        db = AetherDB.open(dir, inline);
        DbAssert.assertDb("logged values read with logging off", model, db);
        for (int i = 0; i < 200; i++) {
            byte[] v = value(i, 2, 500);
            db.put(key(i), v);
            model.put(key(i), v);
        }
        assertEquals(200L * 500, liveBytes(), "new values inline, the others still in the log");
        db.close();
        TestDb.assertVerifyOk(dir, inline, "mixed");
        db = AetherDB.open(dir, logging);
        DbAssert.assertDb("mixed, reopened", model, db);
    }

    @Test
    void compactReturnsTheSpaceOfMostlyDeadSegmentsAtOnce() throws java.io.IOException {
        MemFileIO fs = TestDb.newMem();
        Options options = TestDb.mem(fs);
        db = AetherDB.open(TestDb.MEM_DIR, options);
        NavigableMap<byte[], byte[]> model = Bytes.newModel();
        fill(model, 3000, 1, LOGGED);
        db.checkpoint();
        for (int i = 0; i < 3000; i++) {
            if (i % 4 != 0) {
                byte[] v = value(i, 2, LOGGED);
                db.put(key(i), v);
                model.put(key(i), v);
            }
        }
        long live = liveBytes();
        long before = segmentBytes(fs); // the background collector, riding on the puts, may have begun
        long seq = db.stats().sequence();
        long rewritten = db.compact();
        assertTrue(rewritten > 0 == db.stats().sequence() > seq, "the rewrites are commits of their own");
        assertEquals(live, liveBytes());
        long after = segmentBytes(fs);
        // every segment left is at least 2/3 live, but for the current one (partly filled)
        assertTrue(after <= 1.5 * live + (1 << 20), after + " bytes of segments for " + live + " live after, " + before + " before");
        DbAssert.assertDb("after compact", model, db);
        db.close();
        TestDb.assertVerifyOk(TestDb.MEM_DIR, options, "after compact");
    }

    /**
     * A log segment the checkpoint lists for its values (no longer replayed) that is missing at
     * open: a {@code CorruptionException} naming it, never a database that opens and fails later
     * on a read (Recovery.requirePresent; PIT found no fast test for it).
     */
    @Test
    void aMissingValueSegmentIsReportedAtOpen() throws java.io.IOException {
        MemFileIO fs = TestDb.newMem();
        Options options = TestDb.mem(fs);
        db = AetherDB.open(TestDb.MEM_DIR, options);
        NavigableMap<byte[], byte[]> model = Bytes.newModel();
        fill(model, 3000, 1, LOGGED); // about 3 MB of values: several 1 MiB segments
        db.checkpoint();
        db.close();
        db = null;
        java.util.List<String> segments = fs.list(TestDb.MEM_DIR).stream().filter(n -> n.startsWith("wal-")).sorted().toList();
        assertTrue(segments.size() >= 3, "segments: " + segments);
        String oldest = segments.getFirst(); // holds values the tree refers to; no longer replayed
        fs.delete(TestDb.MEM_DIR.resolve(oldest));
        CorruptionException e = assertThrows(CorruptionException.class, () -> AetherDB.open(TestDb.MEM_DIR, options));
        assertTrue(e.getMessage().contains(oldest), e.getMessage());
    }

    private static long segmentBytes(MemFileIO fs) throws java.io.IOException {
        long sum = 0;
        for (String n : TestDb.logFileNames(fs, TestDb.MEM_DIR)) {
            if (n.startsWith("wal-")) {
                sum += fs.contents(TestDb.MEM_DIR.resolve(n)).length;
            }
        }
        return sum;
    }

    /** 4 KiB pages: too large for a leaf (above 1,280 B), so before step 4 of docs/VALUE-LOG.md written to the data file. */
    private static final int LARGE = 5000;

    @Test
    void valuesTooLargeForALeafGoThroughTheLogUpToTheBound() {
        MemFileIO fs = TestDb.newMem();
        int bound = 64 << 10;
        db = AetherDB.open(TestDb.MEM_DIR, TestDb.options(fs).logValuesUpTo(bound).build());
        NavigableMap<byte[], byte[]> model = Bytes.newModel();
        fill(model, 40, 1, LARGE);
        byte[] atBound = value(100, 1, bound);
        db.put(key(100), atBound);
        model.put(key(100), atBound);
        long logged = 40L * LARGE + bound;
        assertEquals(logged, liveBytes(), "values up to the bound are kept in the log");
        byte[] beyond = value(101, 1, bound + 1);
        db.put(key(101), beyond);
        model.put(key(101), beyond);
        assertEquals(logged, liveBytes(), "one byte beyond the bound: written to the data file");
        db.checkpoint();
        fill(model, 10, 2, LARGE); // after the checkpoint: only the log's records hold these
        DbAssert.assertDb("written", model, db);
        MemFileIO afterPowerLoss = fs.crash(); // SYNC puts: all acknowledged durable
        TestDb.closeQuietly(db);
        db = AetherDB.open(TestDb.MEM_DIR, TestDb.mem(afterPowerLoss));
        DbAssert.assertDb("after power loss", model, db);
        assertEquals(logged, liveBytes(), "replay rebuilt the references and discounted the overwritten values");
        db.close();
        TestDb.assertVerifyOk(TestDb.MEM_DIR, TestDb.mem(afterPowerLoss), "after recovery");
    }

    /** The point of step 4: a SYNC put of a value too large for a leaf costs one log force, no data-file force. */
    @Test
    void aSyncPutOfALargeValueForcesOnlyTheLog() {
        assertEquals(java.util.List.of(0, 1), forcesOfOneSyncPut(1 << 20), "[data file, log] forces");
        assertEquals(java.util.List.of(1, 1), forcesOfOneSyncPut(0), "[data file, log] forces with large values in the data file");
    }

    private static java.util.List<Integer> forcesOfOneSyncPut(int logValuesUpTo) {
        MemFileIO fs = TestDb.newMem();
        try (AetherDB d = AetherDB.open(TestDb.MEM_DIR, TestDb.options(fs).logValuesUpTo(logValuesUpTo).build())) {
            d.put(key(0), value(0, 0, LARGE)); // the first log force after open also forces the data file
            int[] forces = new int[2];
            fs.injectFaults(op -> {
                if (op.kind().equals("force")) {
                    forces[TestDb.isLog(op.file()) ? 1 : 0]++;
                }
                return null;
            });
            d.put(key(1), value(1, 0, LARGE));
            fs.clearFaults();
            return java.util.List.of(forces[0], forces[1]);
        }
    }

    @Test
    void compactRewritesLargeValuesAndReleasesTheirSegments() {
        MemFileIO fs = TestDb.newMem();
        Options options = TestDb.options(fs).logValuesUpTo(1 << 20).build();
        db = AetherDB.open(TestDb.MEM_DIR, options);
        NavigableMap<byte[], byte[]> model = Bytes.newModel();
        int size = 64 << 10;
        fill(model, 48, 1, size); // 3 MiB of values: three or more 1 MiB segments
        db.checkpoint();
        for (int i = 0; i < 48; i++) {
            if (i % 8 != 0) { // all but six become small: the old segments are mostly dead
                byte[] v = value(i, 2, 100);
                db.put(key(i), v);
                model.put(key(i), v);
            }
        }
        int segmentsBefore = db.stats().valueSegments();
        assertTrue(db.compact() >= 2L * size, "compact() rewrote the live large values of the sparse segments");
        assertEquals(6L * size, liveBytes());
        assertTrue(db.stats().valueSegments() < segmentsBefore, "segments released: " + segmentsBefore + " -> " + db.stats().valueSegments());
        DbAssert.assertDb("after compact", model, db);
        db.close();
        TestDb.assertVerifyOk(TestDb.MEM_DIR, options, "after compact");
        db = AetherDB.open(TestDb.MEM_DIR, options);
        DbAssert.assertDb("after reopen", model, db);
    }

    @Test
    void theThresholdIsValidated() {
        var b = Options.builder();
        assertThrows(IllegalArgumentException.class, () -> b.logValuesAbove(63));
        assertThrows(IllegalArgumentException.class, () -> b.logValuesAbove(-1));
        assertEquals(0, Options.defaults().logValuesAbove());
        assertEquals(64, b.logValuesAbove(64).build().logValuesAbove());
        assertThrows(IllegalArgumentException.class, () -> b.logValuesUpTo(-1));
        assertThrows(IllegalArgumentException.class, () -> b.logValuesUpTo(Options.MAX_LOG_VALUES_UP_TO + 1));
        assertEquals(0, Options.defaults().logValuesUpTo(), "large values to the data file unless asked");
        assertEquals(0, b.logValuesUpTo(0).build().logValuesUpTo());
    }
}
