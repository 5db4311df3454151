package org.aetherdb.txn;

import static org.aetherdb.txn.TxnDb.b;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.aetherdb.AetherDB;
import org.aetherdb.Cursor;
import org.aetherdb.Durability;
import org.aetherdb.IsolationLevel;
import org.aetherdb.Options;
import org.aetherdb.Transaction;
import org.aetherdb.VerifyReport;
import org.aetherdb.io.NioFileIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transactions whose values are stored out of line (larger than a page): a committing
 * transaction writes its large values to the data file before validation, and a rejected one
 * must give that space back without harming anything. Concurrent read-modify-write transactions
 * (both levels, many conflicts) with checkpoints running, every value self-describing (key,
 * writer, length, pattern), checked on every read: no transaction ever reads a torn, foreign or
 * reused value; afterwards the database verifies, and after reopening every key holds the value
 * of its last committed writer.
 */
class LargeValueTransactionTest {
    private static final int KEYS = 8;

    /** A value of {@code length >= 16} bytes: key, writer id, then a pattern derived from both. */
    static byte[] value(int key, long writer, int length) {
        ByteBuffer v = ByteBuffer.allocate(length);
        v.putInt(key).putLong(writer).putInt(length);
        Random r = new Random(writer * 31 + key);
        while (v.hasRemaining()) {
            v.put((byte) r.nextInt());
        }
        return v.array();
    }

    /** The writer id of a well-formed value of {@code key}; throws if it is not one. */
    static long check(int key, byte[] v) {
        ByteBuffer in = ByteBuffer.wrap(v);
        int k = in.getInt();
        long writer = in.getLong();
        int length = in.getInt();
        if (k != key || length != v.length || !java.util.Arrays.equals(v, value(key, writer, length))) {
            throw new AssertionError("key " + key + ": malformed value (claims key " + k + ", writer " + writer + ", length " + length
                    + ", actual length " + v.length + ")");
        }
        return writer;
    }

    @Test
    @Timeout(120)
    void largeValuesInConflictingTransactions(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("db");
        Options options = Options.builder().fileIO(NioFileIO.INSTANCE).pageSize(4096).durability(Durability.NONE).build();
        ConcurrentHashMap<Integer, long[]> last = new ConcurrentHashMap<>(); // key -> {commitSeq, writer}
        AtomicLong ids = new AtomicLong();
        AtomicLong attempts = new AtomicLong();
        AtomicLong committed = new AtomicLong();
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        try (AetherDB db = AetherDB.open(dir, options)) {
            for (int k = 0; k < KEYS; k++) {
                db.put(b("big" + k), value(k, 0, 16 + 5000 * k));
                last.put(k, new long[] {0, 0});
            }
            AtomicBoolean stop = new AtomicBoolean();
            Thread checkpointer = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        db.checkpoint();
                        java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
                    }
                } catch (Throwable t) {
                    errors.add(t);
                }
            });
            List<Thread> workers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                Random r = new Random(w);
                IsolationLevel level = w % 2 == 0 ? IsolationLevel.SERIALIZABLE : IsolationLevel.SNAPSHOT;
                workers.add(new Thread(() -> {
                    try {
                        for (int n = 0; n < 400; n++) {
                            long[] result = db.runInTransaction(level, 10_000, tx -> {
                                attempts.incrementAndGet();
                                long id = ids.incrementAndGet();
                                int a = r.nextInt(KEYS);
                                int c = r.nextInt(KEYS);
                                check(a, tx.get(b("big" + a)));
                                // Read one more through a cursor, then overwrite a (and sometimes c) with a new large value.
                                try (Cursor cur = tx.newCursor()) {
                                    cur.seek(b("big" + c));
                                    check(c, cur.value());
                                }
                                tx.put(b("big" + a), value(a, id, 5000 + r.nextInt(40_000)));
                                boolean alsoC = c != a && r.nextBoolean();
                                if (alsoC) {
                                    tx.put(b("big" + c), value(c, id, 16 + r.nextInt(3000)));
                                }
                                tx.commit();
                                return new long[] {tx.commitSequence(), id, a, alsoC ? c : -1};
                            });
                            committed.incrementAndGet();
                            try (Transaction tx = db.begin()) {
                                for (int k = 0; k < KEYS; k++) {
                                    check(k, tx.get(b("big" + k)));
                                }
                            }
                            // The last committed writer of each key, by commit sequence.
                            for (int i = 2; i <= 3; i++) {
                                if (result[i] >= 0) {
                                    last.compute((int) result[i], (key, old) -> old[0] >= result[0] ? old : new long[] {result[0], result[1]});
                                }
                            }
                        }
                    } catch (Throwable t) {
                        errors.add(t);
                    }
                }));
            }
            checkpointer.start();
            workers.forEach(Thread::start);
            for (Thread t : workers) {
                t.join();
            }
            stop.set(true);
            checkpointer.join();
            if (!errors.isEmpty()) {
                AssertionError e = new AssertionError("a thread failed: " + errors.peek(), errors.peek());
                errors.stream().skip(1).forEach(e::addSuppressed);
                throw e;
            }
            System.out.println("large values: " + committed.get() + " committed of " + attempts.get() + " attempts, data file "
                    + db.stats().dataFileBytes() / 1024 + " KiB");
            assertTrue(attempts.get() > committed.get(), "the workload should conflict");
        }
        VerifyReport report = AetherDB.verify(dir);
        assertTrue(report.isOk(), report.toString());
        try (AetherDB db = AetherDB.open(dir, options)) {
            for (int k = 0; k < KEYS; k++) {
                byte[] v = db.get(b("big" + k));
                assertEquals(last.get(k)[1], check(k, v), "key " + k + " must hold the value of its last committed writer");
            }
        }
    }
}
