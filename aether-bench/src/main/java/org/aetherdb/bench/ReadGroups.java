package org.aetherdb.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.aetherdb.bench.engine.KvEngine;
import org.aetherdb.bench.engine.PageCache;
import org.aetherdb.bench.engine.Settings;

/**
 * The read groups of one child JVM: random 4 KiB gets (warm, then cold: the engine closed, its files
 * dropped from the OS page cache, reopened), sequential 1 MiB cursor passes, point lookups and
 * 100-key scans of small pairs, 4 writers beside 4 readers on one store, and the compressible-value
 * variant. Every value read is checked against the value written for its key; a wrong one fails the
 * run ({@link Values.WrongValueException}). Checks run inside the timed loop for gets (about 0.1 µs
 * for 4 KiB, the same for every engine); scans keep references to what they visited and check them
 * after the timed call; sequential passes subtract the time spent checking 1 MiB values.
 */
final class ReadGroups {
    private final BenchChild c;
    private final Values smallValues = new Values(BenchChild.SMALL_VALUE, 4096, BenchChild.VALUE_SEED);
    private KvEngine smallDb;

    ReadGroups(BenchChild c) {
        this.c = c;
    }

    static byte[] smallKey(long i) {
        return BenchChild.randomKey(i, 0x5eed);
    }

    Values smallValues() {
        return smallValues;
    }

    void loadSmall(KvEngine e) {
        BenchChild.load(e, c.scale.smallKeys(), 10_000, ReadGroups::smallKey, smallValues);
    }

    void closeSmallDb() throws Exception {
        if (smallDb != null) {
            smallDb.close();
            smallDb = null;
        }
    }

    // ---------------------------------------------------------------- random 4 KiB reads

    private static byte[] readKey(long i) {
        return BenchChild.randomKey(i, 7);
    }

    void randomRead() throws Exception {
        Path dir = c.work.resolve("rr");
        Values vals = new Values(BenchChild.VALUE_4K, 1024, BenchChild.VALUE_SEED);
        KvEngine e = c.open(dir);
        try {
            c.emitSettings(e);
            int n = c.scale.readKeys();
            BenchChild.load(e, n, 1_000, ReadGroups::readKey, vals);
            c.progress("random_read_4k: loaded " + n + " keys");
            readers(e, vals, 1, n, -1, 0); // warm-up: also brings the data into the cache
            for (int run = 0; run < c.scale.runs(); run++) {
                for (int threads : new int[] {1, 2}) {
                    double opsPerS = readers(e, vals, threads, c.scale.readOps(), run, c.scale.minCellSeconds());
                    BenchChild.emit("random_read_4k", "ops_per_s_" + threads + "t", "ops/s", true, opsPerS);
                    c.progress("random_read_4k " + threads + "t run " + (run + 1) + ": " + Math.round(opsPerS) + " ops/s");
                }
            }
            for (int run = 0; run < c.scale.runs(); run++) {
                e.close();
                long dropped = PageCache.drop(dir);
                e = c.open(dir);
                double opsPerS = coldReads(e, vals, run);
                BenchChild.emit("random_read_4k_cold", "ops_per_s", "ops/s", true, opsPerS);
                c.progress(String.format(Locale.ROOT, "random_read_4k_cold run %d: %.0f ops/s (%d MiB dropped from the page cache)",
                        run + 1, opsPerS, dropped >> 20));
            }
        } finally {
            e.close();
        }
    }

    private double coldReads(KvEngine e, Values vals, int run) {
        c.emitSeed("random_read_4k_cold", run, 0);
        SplittableRandom r = new SplittableRandom(BenchChild.seed("random_read_4k_cold", c.round, run, 0));
        int n = c.scale.readKeys();
        long t0 = System.nanoTime();
        for (int i = 0; i < c.scale.coldGets(); i++) {
            byte[] k = readKey(r.nextInt(n));
            vals.check(c.engineName, "cold random read", k, e.get(k));
        }
        return c.scale.coldGets() / ((System.nanoTime() - t0) / 1e9);
    }

    /** {@code threads} readers, each at least {@code ops} checked gets and {@code minS} seconds; ops/s of all. */
    private double readers(KvEngine e, Values vals, int threads, int ops, int run, double minS) throws InterruptedException {
        int n = c.scale.readKeys();
        long[] done = new long[threads];
        RuntimeException[] failed = new RuntimeException[threads];
        List<Thread> ts = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int id = t;
            c.emitSeed("random_read_4k_" + threads + "t", run, id);
            SplittableRandom r = new SplittableRandom(BenchChild.seed("random_read_4k_" + threads + "t", c.round, run, id));
            ts.add(Thread.ofPlatform().start(() -> {
                try {
                    int i = 0;
                    for (; c.more(i, ops, t0, minS); i++) {
                        byte[] k = readKey(r.nextInt(n));
                        vals.check(c.engineName, "random read", k, e.get(k));
                    }
                    done[id] = i;
                } catch (RuntimeException ex) {
                    failed[id] = ex;
                }
            }));
        }
        for (Thread t : ts) {
            t.join();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        for (RuntimeException ex : failed) {
            if (ex != null) {
                throw ex;
            }
        }
        return Arrays.stream(done).sum() / s;
    }

    // ---------------------------------------------------------------- sequential 1 MiB reads

    void seqRead() throws Exception {
        Values vals = new Values(BenchChild.VALUE_1M, 16, BenchChild.VALUE_SEED);
        try (KvEngine e = c.open(c.work.resolve("sr"))) {
            c.emitSettings(e);
            int n = c.scale.seqValues();
            BenchChild.load(e, n, 16, BenchChild::seqKey, vals);
            c.progress("seq_read_1m: loaded " + n + " MiB");
            for (int run = -1; run < c.scale.runs(); run++) {
                double mbs = seqPasses(e, vals, n, run < 0 ? 1 : c.scale.seqReadPasses(), run < 0 ? 0 : c.scale.minCellSeconds());
                if (run >= 0) {
                    BenchChild.emit("seq_read_1m", "mb_per_s", "MB/s", true, mbs);
                    c.progress("seq_read_1m run " + (run + 1) + ": " + Math.round(mbs) + " MB/s");
                }
            }
        }
    }

    private double seqPasses(KvEngine e, Values vals, int n, int minPasses, double minS) {
        long bytes = 0;
        long[] checkNanos = {0};
        long[] expect = {0};
        byte[] start = BenchChild.seqKey(0);
        long t0 = System.nanoTime();
        for (int p = 0; c.more(p, minPasses, t0, minS); p++) {
            expect[0] = 0;
            KvEngine.ScanResult r = e.scan(start, n, (k, v) -> {
                long a = System.nanoTime();
                if (!Arrays.equals(k, BenchChild.seqKey(expect[0]++))) {
                    throw new Values.WrongValueException(c.engineName + ": sequential read out of order at " + Values.hex(k));
                }
                vals.check(c.engineName, "sequential read", k, v);
                checkNanos[0] += System.nanoTime() - a;
            });
            if (r.count() != n) {
                throw new IllegalStateException(c.engineName + ": sequential read saw " + r.count() + " of " + n);
            }
            bytes += r.bytes();
        }
        return bytes / 1e6 / ((System.nanoTime() - t0 - checkNanos[0]) / 1e9);
    }

    // ---------------------------------------------------------------- lookups and scans of small pairs

    private KvEngine smallDb() throws Exception {
        if (smallDb == null) {
            smallDb = c.open(c.work.resolve("small"));
            c.emitSettings(smallDb);
            loadSmall(smallDb);
            c.progress("small: loaded " + c.scale.smallKeys() + " keys");
            for (int i = 0; i < c.scale.smallKeys(); i++) { // warm-up: one get per key
                smallValues.check(c.engineName, "warm-up get", smallKey(i), smallDb.get(smallKey(i)));
            }
            c.emitSeed("range_scan_100", -1, 0);
            SplittableRandom r = new SplittableRandom(BenchChild.seed("range_scan_100", c.round, -1, 0));
            for (int i = 0; i < c.scale.scans(); i++) {
                smallDb.scan(smallKey(r.nextInt(c.scale.smallKeys())), 100);
            }
        }
        return smallDb;
    }

    void lookups() throws Exception {
        KvEngine e = smallDb();
        int n = c.scale.smallKeys();
        for (int run = 0; run < c.scale.runs(); run++) {
            c.emitSeed("point_lookup", run, 0);
            SplittableRandom r = new SplittableRandom(BenchChild.seed("point_lookup", c.round, run, 0));
            LatencyLog lat = new LatencyLog(c.scale.lookups());
            long t0 = System.nanoTime();
            for (int i = 0; c.more(i, c.scale.lookups(), t0, c.scale.minCellSeconds()); i++) {
                byte[] k = smallKey(r.nextInt(n));
                long a = System.nanoTime();
                byte[] v = e.get(k);
                lat.add(System.nanoTime() - a);
                smallValues.check(c.engineName, "point lookup", k, v);
            }
            double[] p = lat.percentilesMicros(0.50, 0.99, 0.999);
            BenchChild.emit("point_lookup", "p50_us", "us", false, p[0]);
            BenchChild.emit("point_lookup", "p99_us", "us", false, p[1]);
            BenchChild.emit("point_lookup", "p999_us", "us", false, p[2]);
            c.progress(String.format(Locale.ROOT, "point_lookup run %d: p50 %.2f p99 %.2f p99.9 %.2f us (%d gets)", run + 1, p[0], p[1], p[2], lat.size()));
        }
    }

    void scans() throws Exception {
        KvEngine e = smallDb();
        int n = c.scale.smallKeys();
        byte[][] keys = new byte[100][];
        byte[][] vals = new byte[100][];
        for (int run = 0; run < c.scale.runs(); run++) {
            c.emitSeed("range_scan_100", run, 0);
            SplittableRandom r = new SplittableRandom(BenchChild.seed("range_scan_100", c.round, run, 0));
            LatencyLog lat = new LatencyLog(c.scale.scans());
            long visited = 0;
            long t0 = System.nanoTime();
            for (int i = 0; c.more(i, c.scale.scans(), t0, c.scale.minCellSeconds()); i++) {
                byte[] k = smallKey(r.nextInt(n));
                int[] count = {0};
                long a = System.nanoTime();
                KvEngine.ScanResult res = e.scan(k, 100, (sk, sv) -> {
                    keys[count[0]] = sk;
                    vals[count[0]++] = sv;
                });
                lat.add(System.nanoTime() - a);
                checkScan(k, keys, vals, res.count());
                visited += res.count();
            }
            if (visited < 90L * lat.size()) {
                throw new IllegalStateException(c.engineName + ": scans visited only " + visited);
            }
            double[] p = lat.percentilesMicros(0.50, 0.99);
            BenchChild.emit("range_scan_100", "p50_us", "us", false, p[0]);
            BenchChild.emit("range_scan_100", "p99_us", "us", false, p[1]);
            c.progress(String.format(Locale.ROOT, "range_scan_100 run %d: p50 %.2f p99 %.2f us (%d scans)", run + 1, p[0], p[1], lat.size()));
        }
    }

    /** The pairs of one scan: ascending, the first at or after {@code from}, every value the one written. */
    private void checkScan(byte[] from, byte[][] keys, byte[][] vals, int count) {
        for (int i = 0; i < count; i++) {
            byte[] prev = i == 0 ? from : keys[i - 1];
            int cmp = Arrays.compareUnsigned(keys[i], prev);
            if (i == 0 ? cmp < 0 : cmp <= 0) {
                throw new Values.WrongValueException(c.engineName + ": scan out of order at " + Values.hex(keys[i]));
            }
            smallValues.check(c.engineName, "range scan", keys[i], vals[i]);
        }
    }

    // ---------------------------------------------------------------- mixed and compressible

    /**
     * 4 writers overwrite random keys of a loaded 4 KiB set (one put = one commit, the same value
     * again, so readers can check it) while 4 readers get random keys; per run at least
     * {@link Scale#minCellSeconds()} (0.05 s at tiny). Reports each side's throughput and the readers' p99.
     */
    void mixed() throws Exception {
        Values vals = new Values(BenchChild.VALUE_4K, 1024, BenchChild.VALUE_SEED);
        int n = c.scale.mixedKeys();
        String wl = "mixed_4w_4r_" + c.durability;
        try (KvEngine e = c.open(c.work.resolve("mixed"))) {
            c.emitSettings(e);
            BenchChild.load(e, n, 1_000, ReadGroups::readKey, vals);
            for (int run = -1; run < c.scale.runs(); run++) {
                double secs = Math.max(0.05, run < 0 ? c.scale.minCellSeconds() / 4 : c.scale.minCellSeconds());
                MixedRun m = new MixedRun(c, e, vals, n, secs, run);
                m.run(ReadGroups::readKey);
                if (run >= 0) {
                    BenchChild.emit(wl, "write_ops_per_s", "ops/s", true, m.writeOpsPerS());
                    BenchChild.emit(wl, "read_ops_per_s", "ops/s", true, m.readOpsPerS());
                    BenchChild.emit(wl, "read_p99_us", "us", false, m.readP99Micros());
                    c.progress(String.format(Locale.ROOT, "%s run %d: %.0f writes/s, %.0f reads/s, read p99 %.1f us",
                            wl, run + 1, m.writeOpsPerS(), m.readOpsPerS(), m.readP99Micros()));
                }
            }
        }
    }

    /**
     * The compressible-value variant: each engine with its default compression on ({@link
     * Settings#compression()}), random 4 KiB values about half compressible; per run a fresh
     * database: puts (write ops/s), close, {@code du} (space amp), reopen, checked random gets.
     */
    void compressible() throws Exception {
        Values vals = new Values(BenchChild.VALUE_4K, 1024, BenchChild.VALUE_SEED, true);
        Settings s = new Settings(c.settings.sync(), c.settings.cacheBytes(), c.settings.lmdbMapSize(), true);
        String wl = "compressible_4k_" + c.durability;
        for (int run = -1; run < c.scale.runs(); run++) {
            Path dir = c.work.resolve("cz" + run);
            BenchChild.deleteTree(dir);
            int ops = run < 0 ? Math.max(1, c.scale.compressOps() / 4) : c.scale.compressOps();
            double minS = run < 0 ? 0 : c.scale.minCellSeconds();
            long seed = BenchChild.seed(wl, c.round, run, 0);
            c.emitSeed(wl, run, 0);
            int written;
            double writes;
            try (KvEngine e = c.open(dir, s)) {
                c.emitSettings(e);
                long t0 = System.nanoTime();
                int i = 0;
                for (; c.more(i, ops, t0, minS); i++) {
                    byte[] k = BenchChild.randomKey(i, seed);
                    e.put(k, vals.of(k));
                }
                writes = i / ((System.nanoTime() - t0) / 1e9);
                written = i;
                e.settle();
            }
            double space = (double) DeviceIo.diskBytes(dir) / ((long) written * (BenchChild.KEY_LEN + BenchChild.VALUE_4K));
            double reads;
            try (KvEngine e = c.open(dir, s)) {
                SplittableRandom r = new SplittableRandom(BenchChild.seed(wl + "_reads", c.round, run, 0));
                long t0 = System.nanoTime();
                int i = 0;
                for (; c.more(i, Math.min(written, 20_000), t0, minS); i++) {
                    byte[] k = BenchChild.randomKey(r.nextInt(written), seed);
                    vals.check(c.engineName, "compressible read", k, e.get(k));
                }
                reads = i / ((System.nanoTime() - t0) / 1e9);
            }
            BenchChild.deleteTree(dir);
            if (run >= 0) {
                BenchChild.emit(wl, "write_ops_per_s", "ops/s", true, writes);
                BenchChild.emit(wl, "read_ops_per_s", "ops/s", true, reads);
                BenchChild.emit(wl, "space_amp", "x", false, space);
                c.progress(String.format(Locale.ROOT, "%s run %d: %.0f puts/s, %.0f gets/s, space amp %.2f", wl, run + 1, writes, reads, space));
            }
        }
    }
}
