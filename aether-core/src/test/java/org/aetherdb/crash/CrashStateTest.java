package org.aetherdb.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.aetherdb.Durability;
import org.junit.jupiter.api.Test;

/**
 * Crash states of bounded workloads, explored by {@link CrashExplorer} over {@link DiskModel}:
 * after every write, force, create, rename, delete, truncate and directory sync, every state the
 * disk may be in (unsynced writes lost, reordered, torn at sector granularity; unsynced directory
 * changes lost) is recovered and checked against the durability property of {@link Script} and
 * {@code verify}; for a share of them recovery is crashed at each of its own points too.
 *
 * <p>The small workloads are enumerated exhaustively (the test fails if any point had to be
 * sampled); the larger ones are exhaustive where a point has at most {@link #CAP} states and
 * sampled beyond. Each test prints what it explored. System properties:
 * {@code aether.crash.samples} (random states per sampled point, default 6),
 * {@code aether.crash.cap} (largest point enumerated exhaustively, default 4096),
 * {@code aether.crash.recoveryEvery} (every n-th distinct state also crashes its recovery,
 * default 4), {@code aether.crash.scale} (multiplies the commits of the sampled workloads,
 * default 1), {@code aether.seed}.
 */
class CrashStateTest {
    static final long SEED = Long.getLong("aether.seed", 0xC0FFEEL);
    static final long CAP = Long.getLong("aether.crash.cap", 4096);
    static final int SAMPLES = Integer.getInteger("aether.crash.samples", 6);
    static final int RECOVERY_EVERY = Integer.getInteger("aether.crash.recoveryEvery", 4);
    static final int SCALE = Integer.getInteger("aether.crash.scale", 1);
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    private static CrashExplorer.Counts run(Script s, int sector, boolean mustBeExhaustive) {
        return run(s, sector, mustBeExhaustive, CAP, SAMPLES, RECOVERY_EVERY);
    }

    private static CrashExplorer.Counts run(Script s, int sector, boolean mustBeExhaustive, long cap, int samples, int recoveryEvery) {
        CrashExplorer x = new CrashExplorer(sector, cap, samples, recoveryEvery, SEED);
        long t0 = System.nanoTime();
        long cpu0 = CPU.getCurrentThreadCpuTime();
        CrashExplorer.Counts c = x.explore(s);
        System.out.printf("CrashStateTest %s, %d B sectors, %d commits: %s [%.1f s, %.1f s CPU]%n", s.name(), sector, s.commits(), c,
                (System.nanoTime() - t0) / 1e9, (CPU.getCurrentThreadCpuTime() - cpu0) / 1e9);
        assertTrue(c.recovered > 0, "nothing explored");
        if (mustBeExhaustive) {
            assertEquals(0, c.sampledPoints, "a crash point of this workload had more than " + cap + " states: not exhaustive");
        }
        return c;
    }

    /** Small SYNC commits, a checkpoint, more commits, a reopen, close: every crash state. */
    @Test
    void syncCommitsCheckpointReopen() {
        Random r = new Random(SEED);
        Script s = new Script("sync commits, checkpoint, reopen", Durability.SYNC)
                .randomCommits(r, 6, 12, 3, 1, 200, 0, 0)
                .checkpoint()
                .randomCommits(r, 4, 12, 3, 1, 200, 0, 0)
                .reopen()
                .randomCommits(r, 3, 12, 3, 1, 200, 0, 0);
        run(s, 4096, true);
    }

    /** NONE commits (log written, never forced by the commit): lost only as a suffix. */
    @Test
    void noneCommitsAreLostOnlyAsASuffix() {
        Random r = new Random(SEED + 1);
        Script s = new Script("none commits, checkpoint", Durability.NONE)
                .randomCommits(r, 6, 12, 2, 1, 120, 0, 0)
                .checkpoint()
                .randomCommits(r, 3, 12, 2, 1, 120, 0, 0);
        run(s, 4096, true, CAP, SAMPLES, RECOVERY_EVERY * 8); // ~7,000 distinct states: crash the recovery of fewer
    }

    /**
     * NONE commits of values kept in the log (300-600 B, above the 256 B threshold of 4 KiB
     * pages) and out of line (5,000 B), with the log forced behind them without the commit lock
     * (write-behind: data file first, then the segment) between commits and around a checkpoint:
     * every crash state, including those inside each write-behind force.
     */
    @Test
    void writeBehindOfLoggedAndOutOfLineValues() {
        Random r = new Random(SEED + 7);
        Script s = new Script("write-behind, none commits", Durability.NONE)
                .randomCommits(r, 3, 8, 2, 300, 600, 3, 5000)
                .writeBehind()
                .randomCommits(r, 2, 8, 2, 300, 600, 3, 5000)
                .writeBehind()
                .checkpoint()
                .randomCommits(r, 2, 8, 2, 300, 600, 3, 5000)
                .writeBehind()
                .randomCommits(r, 1, 8, 2, 300, 600, 0, 0);
        run(s, 4096, false, CAP, SAMPLES, RECOVERY_EVERY * 8);
    }

    /**
     * The collector at every I/O point, SYNC and NONE: values kept in the log (1,000 B, above the
     * 256 B threshold of 4 KiB pages) fill several 64 KiB segments, most are overwritten, and
     * {@code compact()} rewrites the live values of the mostly dead segments (commits of their
     * own), checkpoints and releases those segments (deleted or renamed to spares); then more
     * commits reuse a spare. Points with more than 64 states are sampled.
     */
    @Test
    void collectorRewritesAndSegmentRelease() {
        for (Durability d : new Durability[] {Durability.SYNC, Durability.NONE}) {
            Random r = new Random(SEED + 8 + d.ordinal());
            Script s = new Script("collector rewrites and segment release", d).segmentSize(64 << 10);
            for (int pass = 0; pass < 3; pass++) {
                for (int i = 0; i < 8; i++) {
                    java.util.Map<byte[], byte[]> puts = new java.util.TreeMap<>(java.util.Arrays::compareUnsigned);
                    for (int k = 0; k < 8; k++) {
                        if (pass == 0 || r.nextInt(10) < 8) { // later passes overwrite four keys in five
                            byte[] v = new byte[1000];
                            r.nextBytes(v);
                            puts.put(("k" + (i * 8 + k)).getBytes(java.nio.charset.StandardCharsets.UTF_8), v);
                        }
                    }
                    s.commit(puts, java.util.List.of());
                }
                s.checkpoint();
            }
            s.compact().randomCommits(r, 6, 64, 4, 900, 1100, 0, 0).checkpoint();
            CrashExplorer.Counts c = run(s, 4096, false, 64, Math.max(1, SAMPLES / 3), RECOVERY_EVERY * 8);
            assertTrue(s.compacted > 0, "compact() rewrote no value: the script does not exercise the collector");
            assertTrue(c.exhaustivePoints > 0, c.toString());
        }
    }

    /** Out-of-line values (written to the data file, forced before the log record), overwritten and deleted across checkpoints. */
    @Test
    void largeValuesAcrossCheckpoints() {
        Random r = new Random(SEED + 2);
        Script s = new Script("out-of-line values", Durability.SYNC).logValuesUpTo(0)
                .randomCommits(r, 4, 6, 2, 1, 100, 2, 5000)
                .checkpoint()
                .randomCommits(r, 4, 6, 2, 1, 100, 2, 5000)
                .checkpoint()
                .randomCommits(r, 2, 6, 2, 1, 100, 2, 5000);
        run(s, 4096, true);
    }

    /**
     * Values too large for a leaf (5,000 B on 4 KiB pages) through the log (docs/VALUE-LOG.md,
     * step 4: one log force per SYNC commit, no data-file write), overwritten and deleted across
     * checkpoints, SYNC and NONE.
     */
    @Test
    void largeValuesThroughTheLog() {
        for (Durability d : new Durability[] {Durability.SYNC, Durability.NONE}) {
            Random r = new Random(SEED + 10 + d.ordinal());
            Script s = new Script("large values through the log", d).logValuesUpTo(1 << 20)
                    .randomCommits(r, 4, 6, 2, 1, 100, 2, 5000)
                    .checkpoint()
                    .randomCommits(r, 4, 6, 2, 1, 100, 2, 5000)
                    .checkpoint()
                    .randomCommits(r, 2, 6, 2, 1, 100, 2, 5000);
            run(s, 4096, d == Durability.SYNC, CAP, SAMPLES, RECOVERY_EVERY * (d == Durability.SYNC ? 1 : 8));
        }
    }

    /** A checkpoint of a tree that split into several leaves, then one after deletes merged them. */
    @Test
    void checkpointsOfSplitsAndMerges() {
        Random r = new Random(SEED + 3);
        Script s = new Script("splits and merges", Durability.SYNC)
                .randomCommits(r, 1, 40, 40, 250, 300, 0, 0)
                .checkpoint();
        java.util.List<byte[]> deletes = new java.util.ArrayList<>();
        for (int k = 0; k < 40; k += 1) {
            if (k % 5 != 0) {
                deletes.add(("k" + k).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        s.commit(java.util.Map.of(), deletes).checkpoint().randomCommits(r, 2, 40, 3, 1, 100, 0, 0);
        run(s, 4096, true);
    }

    /**
     * 512-byte sectors: a superblock slot (4 KiB) and every page can tear inside; the slot not
     * being written must carry recovery.
     */
    @Test
    void tornSuperblockAndPagesAt512ByteSectors() {
        Random r = new Random(SEED + 4);
        Script s = new Script("torn superblock, 512 B sectors", Durability.SYNC)
                .randomCommits(r, 3, 8, 2, 1, 100, 0, 0)
                .checkpoint()
                .randomCommits(r, 2, 8, 2, 1, 100, 0, 0);
        CrashExplorer.Counts c = run(s, 512, false);
        assertTrue(c.exhaustivePoints > c.sampledPoints, "most points should be exhaustive: " + c);
    }

    /**
     * Log segments roll over (new segment preallocated, renamed into place), a checkpoint releases
     * three at once (two renamed to spares, one deleted), spares are reused (header rewritten over
     * old records), another checkpoint releases them again. Points with more than 64 states (the
     * 12-sector commit records, the checkpoint's pages) are sampled.
     */
    @Test
    void logSegmentRollRecycleAndRelease() {
        Random r = new Random(SEED + 5);
        Script s = new Script("log segment roll, release, recycling", Durability.SYNC);
        int perCommit = 48;
        for (int i = 0; i < 66 * SCALE; i++) {
            java.util.Map<byte[], byte[]> puts = new java.util.TreeMap<>(java.util.Arrays::compareUnsigned);
            for (int k = 0; k < perCommit; k++) {
                byte[] v = new byte[1000];
                r.nextBytes(v);
                puts.put(("k" + k).getBytes(java.nio.charset.StandardCharsets.UTF_8), v);
            }
            s.commit(puts, java.util.List.of());
        }
        s.checkpoint();
        for (int i = 0; i < 45 * SCALE; i++) {
            java.util.Map<byte[], byte[]> puts = new java.util.TreeMap<>(java.util.Arrays::compareUnsigned);
            for (int k = 0; k < perCommit; k++) {
                byte[] v = new byte[1000];
                r.nextBytes(v);
                puts.put(("k" + k).getBytes(java.nio.charset.StandardCharsets.UTF_8), v);
            }
            s.commit(puts, java.util.List.of());
        }
        s.checkpoint();
        CrashExplorer.Counts c = run(s, 4096, false, 64, Math.max(1, SAMPLES / 3), RECOVERY_EVERY * 8);
        assertTrue(c.exhaustivePoints > 0, c.toString());
    }

    /** Random larger workloads, sampled: mixed sizes, out-of-line values, checkpoints, a reopen. */
    @Test
    void randomWorkloadsSampled() {
        for (Durability d : new Durability[] {Durability.SYNC, Durability.NONE}) {
            Random r = new Random(SEED + 6 + d.ordinal());
            Script s = new Script("random, sampled", d)
                    .randomCommits(r, 8 * SCALE, 60, 8, 1, 900, 10, 9000)
                    .checkpoint()
                    .randomCommits(r, 8 * SCALE, 60, 8, 1, 900, 10, 9000)
                    .reopen()
                    .randomCommits(r, 5 * SCALE, 60, 8, 1, 900, 10, 9000)
                    .checkpoint()
                    .randomCommits(r, 4 * SCALE, 60, 8, 1, 900, 10, 9000);
            run(s, 4096, false, Math.min(CAP, 256), SAMPLES, RECOVERY_EVERY * 8);
        }
    }
}
