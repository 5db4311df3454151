package org.aetherdb.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.aetherdb.AetherDB;
import org.aetherdb.Durability;
import org.aetherdb.Options;
import org.aetherdb.Stats;
import org.aetherdb.io.MemFileIO;
import org.junit.jupiter.api.Test;

/**
 * What a checkpoint leaves behind, through the API: when one is due (the background runs it after
 * commits and not while the database is idle), the log counted since it, the space it returns
 * (pages replaced since the previous one and the previous free list's extent are reused, so
 * repeated checkpoints of the same keys do not grow the file) and the log segments it releases.
 * Fast, so that mutation testing of {@code checkpoint} can run it (sabotage/pit.sh).
 */
class CheckpointerTest {
    static final Path DIR = Path.of("/mem/ckpt");

    static Options.Builder options(MemFileIO fs) {
        return Options.builder().fileIO(fs).pageSize(4096).durability(Durability.NONE).cacheSize(1 << 20)
                .walSegmentSize(64 << 10).checkpointLogBytes(64L << 20).checkpointInterval(Duration.ZERO);
    }

    static MemFileIO newFs() {
        MemFileIO fs = new MemFileIO();
        fs.createDirectories(DIR);
        return fs;
    }

    static byte[] key(int i) {
        return ("key" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void theBackgroundCheckpointsAfterCommitsAndNotWhileIdle() throws InterruptedException {
        MemFileIO fs = newFs();
        try (AetherDB db = AetherDB.open(DIR, options(fs).checkpointInterval(Duration.ofMillis(20)).build())) {
            for (int i = 0; i < 20; i++) {
                db.put(key(i), new byte[100]);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (db.stats().checkpointSequence() != db.stats().sequence() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(db.stats().sequence(), db.stats().checkpointSequence(), "the commits were not checkpointed: " + db.stats());
            Thread.sleep(100); // a checkpoint in flight finishes (it freed pages: one more is due for them)
            long quiet = waitForQuiet(db);
            Thread.sleep(300); // 15 intervals with nothing to do
            assertEquals(quiet, db.stats().checkpoints(), "an idle database went on checkpointing");
        }
    }

    /**
     * The checkpoint count once it has not moved for half a second (a checkpoint in flight, or one
     * more for the frees of the last, may still run on a loaded machine).
     */
    private static long waitForQuiet(AetherDB db) throws InterruptedException {
        long last = -1;
        int stable = 0;
        for (int i = 0; i < 400 && stable < 10; i++) {
            long now = db.stats().checkpoints();
            stable = now == last ? stable + 1 : 0;
            last = now;
            Thread.sleep(50);
        }
        return last;
    }

    @Test
    void theLogIsCountedSinceTheLastCheckpoint() {
        MemFileIO fs = newFs();
        try (AetherDB db = AetherDB.open(DIR, options(fs).build())) {
            db.put(key(1), new byte[100]);
            assertTrue(db.stats().walBytes() > 100, "log written since the checkpoint: " + db.stats());
            db.checkpoint();
            assertEquals(0, db.stats().walBytes(), "nothing written since the checkpoint");
            db.put(key(2), new byte[100]);
            assertTrue(db.stats().walBytes() > 100);
        }
    }

    @Test
    void repeatedCheckpointsOfTheSameKeysReuseTheirSpace() {
        MemFileIO fs = newFs();
        try (AetherDB db = AetherDB.open(DIR, options(fs).build())) {
            long after20 = 0;
            for (int round = 0; round < 200; round++) {
                for (int k = 0; k < 60; k++) {
                    db.put(key(k), new byte[50 + round % 7]);
                }
                db.checkpoint();
                if (round == 19) {
                    after20 = db.stats().dataFileBytes();
                }
            }
            Stats s = db.stats();
            assertTrue(s.dataFileBytes() <= after20 + (64 << 10),
                    "180 more checkpoints of the same 60 keys grew the data file from " + after20 + " to " + s.dataFileBytes() + " bytes");
        }
    }

    @Test
    void checkpointsReleaseTheLogSegmentsTheyCover() throws IOException {
        MemFileIO fs = newFs();
        try (AetherDB db = AetherDB.open(DIR, options(fs).build())) {
            for (int i = 0; i < 2000; i++) {
                db.put(key(i % 100), new byte[200]); // inline: the segments hold no value the tree needs
            }
            db.checkpoint();
            long segments = fs.list(DIR).stream().filter(n -> n.startsWith("wal-")).count();
            assertTrue(segments <= 2, segments + " log segments left after a checkpoint covering ~450 KiB of 64 KiB segments");
        }
    }
}
