package org.aetherdb.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.aetherdb.AetherDB;
import org.aetherdb.Durability;
import org.aetherdb.Options;
import org.aetherdb.io.MemFileIO;
import org.junit.jupiter.api.Test;

/**
 * What each durability mode fsyncs: SYNC every group, ASYNC within the delay, NONE only at
 * checkpoints. (NONE used to be forced by the ASYNC timer too, holding the commit lock during
 * each fsync.)
 */
class DurabilityModesTest {
    private static AetherDB open(MemFileIO fs, Durability d) {
        fs.createDirectories(Path.of("/mem/modes"));
        return AetherDB.open(Path.of("/mem/modes"), Options.builder().fileIO(fs).durability(d)
                .checkpointInterval(Duration.ZERO).asyncSyncDelay(Duration.ofMillis(20)).build());
    }

    @Test
    void noneIsForcedOnlyByCheckpoints() throws InterruptedException {
        try (AetherDB db = open(new MemFileIO(), Durability.NONE)) {
            for (int i = 0; i < 100; i++) {
                db.put(("k" + i).getBytes(), new byte[10]);
            }
            Thread.sleep(300); // many ASYNC delays
            assertEquals(0, db.stats().logSyncs(), "NONE commits must not be fsynced by the ASYNC timer");
            assertTrue(db.stats().durableSequence() < db.stats().sequence(), "nothing forced yet");
        }
    }

    @Test
    void asyncIsForcedWithinTheDelay() throws InterruptedException {
        try (AetherDB db = open(new MemFileIO(), Durability.ASYNC)) {
            db.put("k".getBytes(), new byte[10]);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (db.stats().durableSequence() < db.stats().sequence() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(db.stats().logSyncs() >= 1, "the ASYNC timer forced the log");
            assertEquals(db.stats().sequence(), db.stats().durableSequence());
        }
    }

    @Test
    void syncForcesEveryCommit() {
        try (AetherDB db = open(new MemFileIO(), Durability.SYNC)) {
            for (int i = 0; i < 5; i++) {
                db.put(("k" + i).getBytes(), new byte[10]);
                assertEquals(db.stats().sequence(), db.stats().durableSequence());
            }
            assertEquals(5, db.stats().logSyncs(), "one thread: one fsync per commit");
        }
    }
}
