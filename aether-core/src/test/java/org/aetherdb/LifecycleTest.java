package org.aetherdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.aetherdb.io.MemFileIO;
import org.junit.jupiter.api.Test;

/**
 * Open and close at their edges (from a review of the engine's lifetime code): a failed open
 * releases the directory, close() makes every acknowledged commit durable, and reopening does not
 * leak space.
 */
class LifecycleTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The checkpoint after log replay fails: open fails, and must not keep the directory locked. */
    @Test
    void failedCheckpointAfterReplayReleasesTheDirectory() {
        MemFileIO fs = TestDb.newMem();
        AetherDB db = AetherDB.open(TestDb.MEM_DIR, TestDb.mem(fs));
        for (int i = 0; i < 10; i++) {
            db.put(b("k" + i), b("v" + i));
        }
        MemFileIO after = fs.processCrash();
        after.failWhen(op -> op.kind().equals("write") && op.file().equals("data.aedb"));
        assertThrows(StorageException.class, () -> AetherDB.open(TestDb.MEM_DIR, TestDb.mem(after)));
        after.clearFaults();
        try (AetherDB again = AetherDB.open(TestDb.MEM_DIR, TestDb.mem(after))) {
            assertArrayEquals(b("v3"), again.get(b("k3")));
        }
    }

    /**
     * Every way open can fail after it opened files (a damaged root page, a damaged log, a failing
     * checkpoint after replay, a database of another page size) closes every file it opened, and a
     * successful open's files are closed by close().
     */
    @Test
    void aFailedOpenClosesEveryFileItOpened() throws Exception {
        MemFileIO fs = TestDb.newMem();
        HookedFileIO io = new HookedFileIO(fs);
        MemFileIO crashed; // killed with one commit in the log only, so opening it replays
        try (AetherDB db = AetherDB.open(TestDb.MEM_DIR, TestDb.options(io).build())) {
            for (int i = 0; i < 50; i++) {
                db.put(b("k" + i), b("v" + i));
            }
            db.checkpoint();
            db.put(b("logged"), b("only"));
            assertTrue(io.openHandles.get() > 0);
            crashed = fs.processCrash();
        }
        assertEquals(0, io.openHandles.get(), "handles left open after close()");

        // 1. the root page is damaged: recovery fails after opening the data file
        MemFileIO rootDamaged = crashed.processCrash();
        java.nio.file.Path data = TestDb.MEM_DIR.resolve("data.aedb");
        byte[] bytes = rootDamaged.contents(data);
        for (int p = 8192; p < bytes.length; p++) {
            bytes[p] ^= 0x55; // every page: the root is among them
        }
        rootDamaged.setContents(data, bytes);
        HookedFileIO io1 = new HookedFileIO(rootDamaged);
        assertThrows(CorruptionException.class, () -> AetherDB.open(TestDb.MEM_DIR, TestDb.options(io1).build()));
        assertEquals(0, io1.openHandles.get(), "handles left open by a failed open (damaged root)");

        // 2. a database of another page size than requested
        HookedFileIO io2 = new HookedFileIO(crashed.processCrash());
        assertThrows(IncompatibleFormatException.class,
                () -> AetherDB.open(TestDb.MEM_DIR, TestDb.options(io2).pageSize(8192).build()));
        assertEquals(0, io2.openHandles.get(), "handles left open by a failed open (page size)");

        // 3. the checkpoint after replay fails
        MemFileIO failing = crashed.processCrash();
        failing.failWhen(op -> op.kind().equals("write") && op.file().equals("data.aedb"));
        HookedFileIO io3 = new HookedFileIO(failing);
        assertThrows(StorageException.class, () -> AetherDB.open(TestDb.MEM_DIR, TestDb.options(io3).build()));
        assertEquals(0, io3.openHandles.get(), "handles left open by a failed open (checkpoint after replay)");

        // and a good open closes what it opened when it is closed
        HookedFileIO io4 = new HookedFileIO(crashed.processCrash());
        try (AetherDB db = AetherDB.open(TestDb.MEM_DIR, TestDb.options(io4).build())) {
            assertArrayEquals(b("only"), db.get(b("logged")));
        }
        assertEquals(0, io4.openHandles.get(), "handles left open after close() of a replayed database");
    }

    /** An ASYNC commit acknowledged while close() runs its final checkpoint survives a power loss after close() returns. */
    @Test
    void commitsAcknowledgedDuringCloseAreDurableOrRefused() throws Exception {
        MemFileIO fs = TestDb.newMem();
        HookedFileIO io = new HookedFileIO(fs);
        AetherDB db = AetherDB.open(TestDb.MEM_DIR, TestDb.options(io).durability(Durability.ASYNC).build());
        db.put(b("before"), b("1"));
        CountDownLatch inFinal = new CountDownLatch(1);
        CountDownLatch go = new CountDownLatch(1);
        io.before = op -> {
            // The final checkpoint's superblock write: after the commit lock was last taken to
            // capture the version and write the free list (forcing the log, whose records hold
            // values its tree refers to), before the superblock is durable.
            if (Thread.currentThread().getName().equals("closer") && op.kind().equals("write") && op.file().equals("data.aedb")
                    && op.position() < 8192 && inFinal.getCount() > 0) {
                inFinal.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        AtomicReference<Throwable> err = new AtomicReference<>();
        Thread closer = new Thread(() -> {
            try {
                db.close();
            } catch (Throwable t) {
                err.set(t);
            }
        }, "closer");
        closer.start();
        assertTrue(inFinal.await(10, TimeUnit.SECONDS));
        boolean acknowledged;
        try {
            db.put(b("during-close"), b("2"));
            acknowledged = true;
        } catch (DatabaseClosedException refused) {
            acknowledged = false; // refusing is allowed; acknowledging and then losing it is not
        }
        go.countDown();
        closer.join();
        assertNull(err.get(), "close() failed");
        try (AetherDB r = AetherDB.open(TestDb.MEM_DIR, TestDb.mem(fs.crash()))) {
            assertArrayEquals(b("1"), r.get(b("before")));
            if (acknowledged) {
                assertArrayEquals(b("2"), r.get(b("during-close")), "an acknowledged ASYNC commit was lost after close()");
            }
        }
    }

    /** Reopening a database repeatedly does not leak the previous free list's extent. */
    @Test
    void reopeningDoesNotLeakSpace() {
        MemFileIO fs = TestDb.newMem();
        try (AetherDB db = AetherDB.open(TestDb.MEM_DIR, TestDb.mem(fs))) {
            for (int i = 0; i < 2000; i++) {
                db.put(b("key" + i), new byte[100]);
            }
        }
        long first = -1;
        long last = -1;
        for (int c = 0; c < 20; c++) {
            try (AetherDB db = AetherDB.open(TestDb.MEM_DIR, TestDb.mem(fs))) {
                Stats s = db.stats();
                long used = s.dataFileBytes() - s.freeBytes();
                if (first < 0) {
                    first = used;
                }
                last = used;
            }
        }
        assertEquals(first, last, "space in use grew by " + (last - first) + " bytes over 20 reopen cycles");
    }
}
