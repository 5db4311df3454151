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
 * threads with SYNC and prints an ACK after each returns; the test kills it with SIGKILL after a
 * random 200-1500 ms, reopens the directory and checks that every acknowledged batch is there,
 * every batch is whole, each thread's batches form a gap-free prefix, and verify passes; then
 * starts the next cycle on the same directory.
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
                        state, mustHave, THREADS);
                for (int t = 0; t < THREADS; t++) {
                    byte[] last = state.get(Bytes.utf8("last/" + t));
                    present[t] = last == null ? 0 : (int) Bytes.toLong(last) + 1;
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
        Path ackFile = java.nio.file.Files.createTempFile("aether-acks", ".txt");
        Process p = ChildJvm.start(CrashWriter.class, dir.toString(), Integer.toString(THREADS), startList, ackFile.toString());
        long[] lines = {0};
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
                    } else if (line.startsWith("ACK ")) {
                        String[] parts = line.split(" ");
                        int t = Integer.parseInt(parts[1]);
                        int s = Integer.parseInt(parts[2]);
                        acked.accumulateAndGet(t, s + 1, Math::max);
                        lines[0]++;
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
        long fileLines = 0;
        for (String line : java.nio.file.Files.readAllLines(ackFile)) {
            String[] parts = line.split(" ");
            if (parts.length == 3 && parts[0].equals("ACK")) {
                acked.accumulateAndGet(Integer.parseInt(parts[1]), Integer.parseInt(parts[2]) + 1, Math::max);
                fileLines++;
            }
        }
        java.nio.file.Files.deleteIfExists(ackFile);
        if (fileLines != lines[0]) {
            System.out.println("KillCrashTest " + ctx + ": " + lines[0] + " acknowledgements read from the pipe, " + fileLines + " from the file");
        }
        return Math.max(lines[0], fileLines);
    }
}
