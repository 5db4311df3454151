package org.aetherdb;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.NavigableMap;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 at random moments: a child JVM ({@link CrashWriter}) commits batches from several
 * threads with SYNC and records an ACK after each returns; the test kills it with SIGKILL after a
 * random 200-1500 ms, reopens the directory and checks that every acknowledged batch is there,
 * every batch is whole, each thread's batches form a gap-free run up to at most one batch past
 * its last acknowledged one, and verify passes; every fourth cycle it deletes the batches (so the
 * database stays a few cycles large); then it starts the next cycle on the same directory,
 * continuing the numbering.
 *
 * <p>Long campaign: {@code ./mvnw -q -B -pl aether-core test -Dtest=KillCrashTest
 * -Daether.crash.cycles=500 [-Daether.seed=N] [-Daether.crash.dir=/empty/dir/to/keep]}.
 */
class KillCrashTest {
    private static final int CYCLES = Integer.getInteger("aether.crash.cycles", 20);
    private static final long SEED = Long.getLong("aether.seed", 0x4B11L);
    private static final int THREADS = 4;

    @Test
    void killedWriterLosesNoAcknowledgedBatch(@TempDir Path tmp) throws Exception {
        // -Daether.crash.dir=/some/empty/dir keeps the database for inspection after a failure.
        String keep = System.getProperty("aether.crash.dir");
        Path dir = keep != null ? Path.of(keep) : tmp.resolve("db");
        Random r = new Random(SEED);
        int[] present = new int[THREADS];
        int[] from = new int[THREADS]; // batches below these were deleted
        long totalAcked = 0;
        long started = System.nanoTime();
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            String ctx = "cycle " + cycle + " (seed " + SEED + ")";
            int delay = 200 + r.nextInt(1300);
            AtomicIntegerArray acked = new AtomicIntegerArray(THREADS);
            for (int t = 0; t < THREADS; t++) {
                acked.set(t, present[t]); // recovered batches count as acknowledged
            }
            long ackLines = runAndKill(dir, present, delay, acked, ctx);
            totalAcked += ackLines;
            int[] mustHave = new int[THREADS];
            for (int t = 0; t < THREADS; t++) {
                mustHave[t] = acked.get(t);
            }
            Options options = TestDb.disk();
            try (AetherDB db = AetherDB.open(dir, options)) {
                NavigableMap<byte[], byte[]> state = States.readAll(db);
                PowerLossTest.checkThreadPrefixes(ctx + ", killed after " + delay + " ms, acknowledged " + Arrays.toString(mustHave),
                        state, from, mustHave, THREADS);
                for (int t = 0; t < THREADS; t++) {
                    byte[] last = state.get(Bytes.utf8("last/" + t));
                    present[t] = last == null ? 0 : (int) Bytes.toLong(last) + 1;
                }
                if (cycle % 4 == 3) {
                    // Bounds the database to a few cycles of writes and exercises merges and space
                    // reuse; in between, the file grows, so values are also allocated at its end.
                    deleteBatches(db, state);
                    from = present.clone();
                }
            } catch (AssertionError e) {
                throw e;
            } catch (Throwable t) {
                throw new AssertionError(ctx + ": reopen after kill (" + delay + " ms, acknowledged " + Arrays.toString(mustHave)
                        + ") failed: " + t + "\n  unreadable entries: " + unreadable(dir), t);
            }
            TestDb.assertVerifyOk(dir, options, ctx);
        }
        System.out.printf("KillCrashTest: %d cycles, %d acknowledged batches, batches present per thread %s, %.1f s%n",
                CYCLES, totalAcked, Arrays.toString(present), (System.nanoTime() - started) / 1e9);
        assertTrue(totalAcked > 0, "the writer never acknowledged a batch");
    }

    private static void deleteBatches(AetherDB db, NavigableMap<byte[], byte[]> state) {
        WriteBatch b = new WriteBatch();
        for (byte[] k : state.keySet()) {
            if (k[0] == 'b') {
                b.delete(k);
                if (b.size() == 2000) {
                    db.write(b);
                    b = new WriteBatch();
                }
            }
        }
        db.write(b);
    }

    /** For a failure message: the keys whose value cannot be read. */
    private static String unreadable(Path dir) {
        StringBuilder sb = new StringBuilder();
        try (AetherDB db = AetherDB.open(dir, TestDb.disk()); Cursor c = db.newCursor()) {
            int n = 0;
            for (c.seekToFirst(); c.isValid(); c.next()) {
                try {
                    c.value();
                } catch (AetherException e) {
                    if (n++ < 10) {
                        sb.append(Bytes.show(c.key())).append(" (").append(e.getMessage()).append("); ");
                    }
                }
            }
            sb.append(n).append(" in all");
        } catch (Throwable t) {
            sb.append("cannot scan: ").append(t);
        }
        return sb.toString();
    }

    /** Starts the writer, waits for START, kills it after {@code delayMs}; returns the number of ACK lines. */
    private static long runAndKill(Path dir, int[] starts, int delayMs, AtomicIntegerArray acked, String ctx) throws Exception {
        String startList = String.join(",", Arrays.stream(starts).mapToObj(Integer::toString).toList());
        Path ackFile = dir.resolveSibling("acks.txt");
        java.nio.file.Files.deleteIfExists(ackFile);
        Process p = ChildJvm.start(CrashWriter.class, dir.toString(), Integer.toString(THREADS), startList, ackFile.toString());
        Object startedSignal = new Object();
        boolean[] startSeen = {false};
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.equals("START")) {
                        synchronized (startedSignal) {
                            startSeen[0] = true;
                            startedSignal.notifyAll();
                        }
                    }
                }
            } catch (java.io.IOException ignored) {
                // the pipe closes when the child dies
            }
        }, "crash-writer-stdout");
        reader.start();
        try {
            synchronized (startedSignal) {
                long deadline = System.currentTimeMillis() + 60_000;
                while (!startSeen[0] && p.isAlive() && System.currentTimeMillis() < deadline) {
                    startedSignal.wait(100);
                }
            }
            if (!startSeen[0]) {
                fail(ctx + ": the writer did not start (alive=" + p.isAlive() + ")");
            }
            Thread.sleep(delayMs);
            if (!p.isAlive()) {
                fail(ctx + ": the writer died on its own with exit code " + p.exitValue() + " (see its stderr above)");
            }
        } finally {
            p.destroyForcibly(); // SIGKILL
            p.waitFor(30, TimeUnit.SECONDS);
        }
        reader.join(30_000);
        long lines = 0;
        if (java.nio.file.Files.exists(ackFile)) {
            for (String line : java.nio.file.Files.readAllLines(ackFile, StandardCharsets.US_ASCII)) {
                String[] parts = line.split(" ");
                if (parts.length == 3 && parts[0].equals("ACK")) { // a line cut by the kill is ignored
                    acked.accumulateAndGet(Integer.parseInt(parts[1]), Integer.parseInt(parts[2]) + 1, Math::max);
                    lines++;
                }
            }
        }
        return lines;
    }
}
