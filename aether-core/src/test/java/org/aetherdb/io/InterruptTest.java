package org.aetherdb.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.aetherdb.AetherDB;
import org.aetherdb.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An interrupted thread doing channel I/O closes the channel for every thread (measured on JDK 25;
 * Kafka Streams interrupts its threads). Commits and reads from interrupted threads must still
 * work, keep the caller's interrupt flag, and leave the database usable by everyone.
 */
class InterruptTest {
    @TempDir
    Path tmp;

    @Test
    void interruptedCallersStillCommitAndReadAndKeepTheirFlag() throws Exception {
        Path dir = tmp.resolve("db");
        byte[] big = new byte[300_000]; // out of line: written and read from the caller's thread
        try (AetherDB db = AetherDB.open(dir, Options.builder().pageSize(4096).build())) {
            for (int i = 0; i < 50; i++) {
                Thread.currentThread().interrupt();
                db.put(("k" + i).getBytes(), ("v" + i).getBytes());
                assertTrue(Thread.interrupted(), "the caller's interrupt flag must survive a commit");
            }
            Thread.currentThread().interrupt();
            db.put("big".getBytes(), big);
            assertTrue(Thread.interrupted());
            db.checkpoint();
            Thread.currentThread().interrupt();
            assertArrayEquals(big, db.get("big".getBytes()));
            assertTrue(Thread.interrupted(), "the caller's interrupt flag must survive a read");
            Thread other = new Thread(() -> db.put("from-other".getBytes(), "ok".getBytes()));
            other.start();
            other.join();
            assertArrayEquals("ok".getBytes(), db.get("from-other".getBytes()));
        }
        try (AetherDB db = AetherDB.open(dir)) {
            for (int i = 0; i < 50; i++) {
                assertArrayEquals(("v" + i).getBytes(), db.get(("k" + i).getBytes()));
            }
            assertArrayEquals(big, db.get("big".getBytes()));
        }
        assertTrue(AetherDB.verify(dir).isOk());
    }
}
