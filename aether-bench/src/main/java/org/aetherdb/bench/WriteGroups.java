package org.aetherdb.bench;

import java.nio.file.Path;
import org.aetherdb.bench.engine.KvEngine;

/**
 * The write groups of one child JVM: random 4 KiB puts, sequential 1 MiB puts, the commits counted
 * under strace for {@code fsyncs_per_commit}, and the space-amplification load and churn. Each
 * measured run writes into a fresh database and reports, beside its throughput, the latency of each
 * put, the time {@code close()} took (deferred work must not hide), and write amplification: bytes
 * the device wrote ({@link DeviceIo}) from before open to after close, a reopen (work an engine
 * defers to its next open, such as RocksDB flushing the memtable it recovers from its log, counts)
 * and a file-system flush, per byte of keys and values put. The reopen also reads back and checks
 * a sample of what was written.
 */
final class WriteGroups {
    private final BenchChild c;

    WriteGroups(BenchChild c) {
        this.c = c;
    }

    private int measuredRuns() {
        return Math.max(1, c.scale.runs() / c.scale.writeRounds());
    }

    void randomWrite() throws Exception {
        int n = c.settings.sync() ? c.scale.randWriteOpsSync() : c.scale.randWriteOps();
        Values vals = new Values(BenchChild.VALUE_4K, 1024, BenchChild.VALUE_SEED);
        String wl = "random_write_4k_" + c.durability;
        for (int run = -1; run < measuredRuns(); run++) {
            int ops = run < 0 ? Math.max(1, n / 4) : n;
            double minS = run < 0 ? 0 : c.scale.minCellSeconds();
            long seed = BenchChild.seed(wl, c.round, run, 0);
            c.emitSeed(wl, run, 0);
            Path dir = c.work.resolve("rw" + run);
            BenchChild.deleteTree(dir);
            long io0 = DeviceIo.deviceWrittenBytes(c.work);
            LatencyLog lat = new LatencyLog(ops);
            KvEngine e = c.open(dir);
            c.emitSettings(e);
            long t0 = System.nanoTime();
            int i = 0;
            for (; c.more(i, ops, t0, minS); i++) {
                byte[] k = BenchChild.randomKey(i, seed);
                byte[] v = vals.of(k);
                long a = System.nanoTime();
                e.put(k, v);
                lat.add(System.nanoTime() - a);
            }
            double s = (System.nanoTime() - t0) / 1e9;
            double closeS = timedClose(e);
            readBack(dir, vals, i, k -> BenchChild.randomKey(k, seed), "random write");
            long written = delta(io0);
            BenchChild.deleteTree(dir);
            if (run >= 0) {
                reportWrites(wl, "ops_per_s", "ops/s", i / s, lat, closeS, written, (long) i * (BenchChild.KEY_LEN + vals.size()));
            }
        }
    }

    /**
     * Sequential 1 MiB puts. A run is one or more passes, each a fresh database loaded with
     * {@code seqValues} values then closed, until the puts have taken {@link Scale#minCellSeconds()}:
     * MB/s = bytes put / time in puts; {@code close_s} is the mean close time of a pass.
     */
    void seqWrite() throws Exception {
        int n = c.settings.sync() ? c.scale.seqValuesSync() : c.scale.seqValues();
        Values vals = new Values(BenchChild.VALUE_1M, 16, BenchChild.VALUE_SEED);
        String wl = "seq_write_1m_" + c.durability;
        for (int run = -1; run < measuredRuns(); run++) {
            int ops = run < 0 ? Math.max(1, n / 4) : n;
            double minS = run < 0 ? 0 : c.scale.minCellSeconds();
            long putNanos = 0;
            double closeS = 0;
            int passes = 0;
            long io0 = DeviceIo.deviceWrittenBytes(c.work);
            LatencyLog lat = new LatencyLog(ops);
            Path dir = c.work.resolve("sw" + run);
            do {
                BenchChild.deleteTree(dir);
                KvEngine e = c.open(dir);
                c.emitSettings(e);
                for (int i = 0; i < ops; i++) {
                    byte[] k = BenchChild.seqKey(i);
                    byte[] v = vals.of(k);
                    long a = System.nanoTime();
                    e.put(k, v);
                    long d = System.nanoTime() - a;
                    lat.add(d);
                    putNanos += d;
                }
                closeS += timedClose(e);
                passes++;
                if (putNanos < (long) (minS * 1e9)) {
                    // flush this pass's writes before the next pass deletes its files: bytes an engine
                    // left unsynced at close must count as written, not vanish with the file
                    DeviceIo.deviceWrittenBytes(c.work);
                }
            } while (putNanos < (long) (minS * 1e9));
            readBack(dir, vals, ops, BenchChild::seqKey, "sequential write");
            long written = delta(io0);
            BenchChild.deleteTree(dir);
            if (run >= 0) {
                long bytes = (long) passes * ops * BenchChild.VALUE_1M;
                reportWrites(wl, "mb_per_s", "MB/s", bytes / 1e6 / (putNanos / 1e9), lat, closeS / passes, written,
                        (long) passes * ops * (BenchChild.KEY_LEN + BenchChild.VALUE_1M));
            }
        }
    }

    private void reportWrites(String wl, String metric, String unit, double rate, LatencyLog lat, double closeS,
                              long written, long userBytes) {
        double[] p = lat.percentilesMicros(0.50, 0.99, 0.999);
        BenchChild.emit(wl, metric, unit, true, rate);
        BenchChild.emit(wl, "p50_us", "us", false, p[0]);
        BenchChild.emit(wl, "p99_us", "us", false, p[1]);
        BenchChild.emit(wl, "p999_us", "us", false, p[2]);
        BenchChild.emit(wl, "close_s", "s", false, closeS);
        if (written >= 0) {
            BenchChild.emit(wl, "write_amp", "x", false, (double) written / userBytes);
        }
        c.progress(String.format(java.util.Locale.ROOT, "%s run %d: %.0f %s, p50 %.1f p99 %.1f p99.9 %.1f us, close %.2f s, write amp %.2f",
                wl, c.round + 1, rate, unit, p[0], p[1], p[2], closeS, (double) written / userBytes));
    }

    /** Device bytes written since {@code before} ({@link DeviceIo}), -1 when the device's counters are not readable. */
    private long delta(long before) {
        long now = DeviceIo.deviceWrittenBytes(c.work);
        return before < 0 || now < 0 ? -1 : now - before;
    }

    private static double timedClose(KvEngine e) throws Exception {
        long t = System.nanoTime();
        e.close();
        return (System.nanoTime() - t) / 1e9;
    }

    /** Reopens {@code dir} and checks up to 200 of the {@code written} keys, spread over all of them. */
    private void readBack(Path dir, Values vals, int written, java.util.function.LongFunction<byte[]> key, String what) throws Exception {
        try (KvEngine e = c.open(dir)) {
            int step = Math.max(1, written / 200);
            for (int i = 0; i < written; i += step) {
                byte[] k = key.apply(i);
                vals.check(c.engineName, what + " read back after reopen", k, e.get(k));
            }
        }
    }

    /**
     * Commits counted under {@code strace -f} by the parent: between the markers {@code begin-4k}
     * and {@code end-4k} this child makes {@link Scale#fsyncCountCommits()} random 4 KiB puts, between
     * {@code begin-1m} and {@code end-1m} a quarter as many sequential 1 MiB puts, each a commit of the
     * group's durability; the parent counts fsync, fdatasync, msync and sync_file_range calls of all
     * threads in between.
     */
    void fsyncCount() throws Exception {
        int n = c.scale.fsyncCountCommits();
        Values small = new Values(BenchChild.VALUE_4K, 1024, BenchChild.VALUE_SEED);
        Values large = new Values(BenchChild.VALUE_1M, 16, BenchChild.VALUE_SEED);
        long seed = BenchChild.seed("fsynccount", c.round, 0, 0);
        countedCommits("4k", n, i -> BenchChild.randomKey(i, seed), small);
        countedCommits("1m", Math.max(4, n / 4), BenchChild::seqKey, large);
        BenchChild.info("fsync_count_commits", n + " x 4 KiB, " + Math.max(4, n / 4) + " x 1 MiB");
    }

    private void countedCommits(String name, int n, java.util.function.LongFunction<byte[]> key, Values vals) throws Exception {
        Path dir = c.work.resolve("fsync-" + name);
        BenchChild.deleteTree(dir);
        try (KvEngine e = c.open(dir)) {
            c.emitSettings(e);
            for (int i = 0; i < 8; i++) { // warm: first commits may create files
                e.put(key.apply(n + i), vals.of(key.apply(n + i)));
            }
            BenchChild.straceMarker("begin-" + name);
            for (int i = 0; i < n; i++) {
                byte[] k = key.apply(i);
                e.put(k, vals.of(k));
            }
            BenchChild.straceMarker("end-" + name);
        }
        BenchChild.deleteTree(dir);
    }

    /**
     * Space amplification: {@code spaceKeys} random 4 KiB pairs loaded and settled, then 3x as many
     * random overwrites (one put = one commit, generation 1, 2, 3 ... per key), settled; after each
     * phase the engine is closed and the directory measured with {@code du}. Space amp = bytes on
     * disk / live bytes (keys + values). The churn's write amp and every key's final value are checked.
     */
    void space() throws Exception {
        int n = c.scale.spaceKeys();
        Values vals = new Values(BenchChild.VALUE_4K, 1024, BenchChild.VALUE_SEED);
        Path dir = c.work.resolve("space");
        BenchChild.deleteTree(dir);
        long live = (long) n * (BenchChild.KEY_LEN + BenchChild.VALUE_4K);
        long seed = BenchChild.seed("space_keys", 0, 0, 0);
        try (KvEngine e = c.open(dir)) {
            c.emitSettings(e);
            BenchChild.load(e, n, 1_000, i -> BenchChild.randomKey(i, seed), vals);
        }
        BenchChild.emit("space_4k", "space_amp_load", "x", false, (double) DeviceIo.diskBytes(dir) / live);
        byte[] generation = new byte[n];
        java.util.SplittableRandom r = new java.util.SplittableRandom(BenchChild.seed("space_churn", 0, 0, 0));
        long io0 = DeviceIo.deviceWrittenBytes(c.work);
        long t0 = System.nanoTime();
        try (KvEngine e = c.open(dir)) {
            for (long i = 0; i < 3L * n; i++) {
                int j = r.nextInt(n);
                byte[] k = BenchChild.randomKey(j, seed);
                e.put(k, vals.of(k, ++generation[j]));
            }
            e.settle();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        long written = delta(io0);
        BenchChild.emit("space_4k", "space_amp_churn", "x", false, (double) DeviceIo.diskBytes(dir) / live);
        BenchChild.emit("space_4k", "churn_ops_per_s", "ops/s", true, 3.0 * n / s);
        if (written >= 0) {
            BenchChild.emit("space_4k", "write_amp_churn", "x", false, (double) written / (3.0 * live));
        }
        try (KvEngine e = c.open(dir)) {
            for (int j = 0; j < n; j++) {
                byte[] k = BenchChild.randomKey(j, seed);
                vals.check(c.engineName, "get after churn", k, generation[j], e.get(k));
            }
        }
        BenchChild.deleteTree(dir);
        c.progress("space_4k: load and 3x churn of " + n + " keys checked");
    }
}
