package org.aetherdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.aetherdb.io.MemFileIO;
import org.junit.jupiter.api.Test;

/**
 * A SYNC commit becomes visible to other readers only after its log record is durable: while the
 * committing thread is inside the log's fsync, a {@code get}, a new snapshot and a cursor on
 * another thread still see the old state; if that fsync fails, the commit is never visible. (A
 * commit readers could see before its fsync returns could be read, acted on, and then lost by a
 * power loss: the "publish the root before the log is durable" sabotage.)
 */
class VisibleOnlyWhenDurableTest {
    private static final byte[] KEY = "k".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OLD = "old".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NEW = "new".getBytes(StandardCharsets.UTF_8);

    /** Holds the first log fsync after {@link #arm} until released, or fails it. */
    private static final class LogForceGate {
        final AtomicBoolean armed = new AtomicBoolean();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean fail;

        void arm(HookedFileIO io) {
            io.before = op -> {
                if (op.kind().equals("force") && op.file().contains("wal-") && armed.compareAndSet(true, false)) {
                    entered.countDown();
                    try {
                        assertTrue(release.await(30, TimeUnit.SECONDS), "gate never released");
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    if (fail) {
                        throw new UncheckedIOException(new IOException("injected: log fsync failed"));
                    }
                }
            };
            armed.set(true);
        }
    }

    /** Commits {@code KEY = NEW} on its own thread; what it throws lands in {@code failure}. */
    private static Thread startWriter(AetherDB db, AtomicReference<Throwable> failure) {
        Thread writer = new Thread(() -> {
            try {
                db.put(KEY, NEW);
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "sync-writer");
        writer.start();
        return writer;
    }

    private static void assertOldStateSeenBy(AetherDB db) {
        assertArrayEquals(OLD, db.get(KEY), "get saw a commit whose log record is not yet durable");
        try (Snapshot s = db.snapshot()) {
            assertArrayEquals(OLD, s.get(KEY), "a new snapshot saw a commit whose log record is not yet durable");
        }
        try (Cursor c = db.newCursor()) {
            c.seekToFirst();
            assertTrue(c.isValid());
            assertArrayEquals(OLD, c.value(), "a cursor saw a commit whose log record is not yet durable");
        }
    }

    @Test
    void aSyncCommitIsInvisibleWhileItsLogFsyncRuns() throws Exception {
        MemFileIO mem = TestDb.newMem();
        HookedFileIO io = new HookedFileIO(mem);
        try (AetherDB db = AetherDB.open(TestDb.MEM_DIR, TestDb.options(io).durability(Durability.SYNC).build())) {
            db.put(KEY, OLD);
            LogForceGate gate = new LogForceGate();
            gate.arm(io);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread writer = startWriter(db, failure);
            assertTrue(gate.entered.await(30, TimeUnit.SECONDS), "the commit never reached the log fsync");
            assertOldStateSeenBy(db);
            gate.release.countDown();
            writer.join(30_000);
            assertFalse(writer.isAlive());
            assertNull(failure.get());
            assertArrayEquals(NEW, db.get(KEY), "the acknowledged commit is visible");
        }
    }

    @Test
    void aSyncCommitWhoseLogFsyncFailsIsNeverVisible() throws Exception {
        MemFileIO mem = TestDb.newMem();
        HookedFileIO io = new HookedFileIO(mem);
        AetherDB db = AetherDB.open(TestDb.MEM_DIR, TestDb.options(io).durability(Durability.SYNC).build());
        {
            db.put(KEY, OLD);
            LogForceGate gate = new LogForceGate();
            gate.fail = true;
            gate.arm(io);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread writer = startWriter(db, failure);
            assertTrue(gate.entered.await(30, TimeUnit.SECONDS), "the commit never reached the log fsync");
            assertOldStateSeenBy(db);
            gate.release.countDown();
            writer.join(30_000);
            assertFalse(writer.isAlive());
            assertTrue(failure.get() instanceof StorageException, "the commit must fail: " + failure.get());
            assertOldStateSeenBy(db);
            assertThrows(ReadOnlyException.class, () -> db.put(KEY, NEW));
        }
        // close reports the earlier I/O failure (documented on AetherDB.close)
        assertThrows(ReadOnlyException.class, db::close);
    }
}
