package org.aetherdb.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.aetherdb.bench.engine.Engines;
import org.aetherdb.bench.engine.KvEngine;
import org.aetherdb.bench.engine.Settings;
import org.aetherdb.bench.engine.TxnEngine;

/**
 * One engine x workload group in its own JVM, started by {@link BenchMain}. Arguments:
 * {@code ENGINE GROUP DURABILITY SCALE WORKDIR}. Writes result lines to stdout
 * ({@code R<TAB>workload<TAB>metric<TAB>unit<TAB>higherIsBetter<TAB>value}, one per measured run,
 * and {@code S<TAB>key<TAB>value} for the engine's settings) and progress to stderr.
 *
 * <p>Groups: {@code randwrite}, {@code seqwrite} (fresh database per run), {@code randread},
 * {@code seqread}, {@code lookup+scan} (data loaded once, warmed by one untimed pass),
 * {@code txn} (transactions: commits/s per isolation and thread count, aetherdb and rocksdb),
 * {@code scale} ({@link ScaleWorkload}: the database grows in stages, a cache smaller than it),
 * {@code idle-load} (load and close), {@code idle-open} (open, one get, GC, sleep, print VmRSS),
 * {@code idle-empty} (an empty JVM's VmRSS; no engine).
 */
public final class BenchChild {
    static final int KEY_LEN = 16;
    static final int SMALL_VALUE = 100;
    static final int VALUE_4K = 4096;
    static final int VALUE_1M = 1 << 20;

    private final String engineName;
    private final Settings settings;
    private final Scale scale;
    private final Path work;
    private final String durability;

    private BenchChild(String engine, String durability, Scale scale, Path work) {
        this.engineName = engine;
        this.durability = durability;
        this.settings = new Settings("sync".equals(durability), scale.cacheBytes(), scale.lmdbMapSize());
        this.scale = scale;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        String engine = args[0];
        String group = args[1];
        String durability = args[2];
        Scale scale = Scale.of(args[3]);
        Path work = Path.of(args[4]);
        if (group.equals("idle-empty")) {
            emit("idle_memory", "empty_jvm_rss", "MiB", false, idleRssMiB());
            return;
        }
        new BenchChild(engine, durability, scale, work).run(group);
        System.out.flush();
    }

    private void run(String group) throws Exception {
        Files.createDirectories(work);
        for (String g : group.split("\\+")) {
            switch (g) {
                case "randwrite" -> randomWrite();
                case "seqwrite" -> seqWrite();
                case "randread" -> randomRead();
                case "seqread" -> seqRead();
                case "lookup" -> lookups();
                case "scan" -> scans();
                case "txn" -> transactions();
                case "scale" -> {
                    Settings small = new Settings(false, ScaleWorkload.cacheBytes(scale), scale.lmdbMapSize());
                    KvEngine e = Engines.create(engineName);
                    Files.createDirectories(work.resolve("scale"));
                    e.open(work.resolve("scale"), small);
                    try (e) {
                        emitSettings(e);
                        ScaleWorkload.run(e, scale, this::progress);
                    }
                }
                case "idle-load" -> {
                    try (KvEngine e = open(work.resolve("db"))) {
                        loadSmall(e);
                    }
                }
                case "idle-open" -> {
                    try (KvEngine e = open(work.resolve("db"))) {
                        if (e.get(smallKey(0)) == null) {
                            throw new IllegalStateException("idle database is empty");
                        }
                        emit("idle_memory", "rss_mib", "MiB", false, idleRssMiB());
                    }
                }
                default -> throw new IllegalArgumentException("unknown group: " + g);
            }
        }
        if (smallDb != null) {
            smallDb.close();
        }
    }

    // ---------------------------------------------------------------- keys and values

    /** Scrambled key: ascending i gives keys in random order; unique for distinct i. */
    static byte[] randomKey(long i, long seed) {
        byte[] k = new byte[KEY_LEN];
        putLong(k, 0, mix(i ^ seed));
        putLong(k, 8, i);
        return k;
    }

    /** Ordered key: ascending i gives ascending keys. */
    static byte[] seqKey(long i) {
        byte[] k = new byte[KEY_LEN];
        putLong(k, 0, i);
        return k;
    }

    private static byte[] smallKey(long i) {
        return randomKey(i, 0x5eed);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static void putLong(byte[] b, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }

    /** A few distinct incompressible values of one size, cycled. */
    private static byte[][] values(int size, int count) {
        SplittableRandom r = new SplittableRandom(size);
        byte[][] v = new byte[count][size];
        for (byte[] a : v) {
            r.nextBytes(a);
        }
        return v;
    }

    // ---------------------------------------------------------------- helpers

    private KvEngine open(Path dir) throws Exception {
        Files.createDirectories(dir);
        KvEngine e = Engines.create(engineName);
        e.open(dir, settings);
        return e;
    }

    private boolean settingsEmitted;

    private void emitSettings(KvEngine e) {
        if (settingsEmitted) {
            return;
        }
        settingsEmitted = true;
        for (Map.Entry<String, String> s : e.describe().entrySet()) {
            System.out.println("S\t" + s.getKey() + "\t" + s.getValue().replace('\t', ' '));
        }
    }

    static void emit(String workload, String metric, String unit, boolean higherIsBetter, double value) {
        System.out.println("R\t" + workload + "\t" + metric + "\t" + unit + "\t" + higherIsBetter + "\t" + value);
        System.out.flush();
    }

    private void progress(String what) {
        System.err.println("  [" + engineName + "] " + what);
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }

    private void load(KvEngine e, int n, int batch, java.util.function.LongFunction<byte[]> key, byte[][] vals) {
        for (int i = 0; i < n; i += batch) {
            int m = Math.min(batch, n - i);
            byte[][] ks = new byte[m][];
            byte[][] vs = new byte[m][];
            for (int j = 0; j < m; j++) {
                ks[j] = key.apply(i + j);
                vs[j] = vals[(i + j) % vals.length];
            }
            e.putBatch(ks, vs);
        }
        e.settle();
    }

    private void loadSmall(KvEngine e) {
        load(e, scale.smallKeys(), 10_000, BenchChild::smallKey, values(SMALL_VALUE, 256));
    }

    private static double[] percentiles(long[] nanos, double... ps) {
        Arrays.sort(nanos);
        double[] out = new double[ps.length];
        for (int i = 0; i < ps.length; i++) {
            int idx = (int) Math.min(nanos.length - 1, Math.ceil(ps[i] * nanos.length) - 1);
            out[i] = nanos[Math.max(0, idx)] / 1000.0;
        }
        return out;
    }

    // ---------------------------------------------------------------- workloads

    private void randomWrite() throws Exception {
        int n = settings.sync() ? scale.randWriteOpsSync() : scale.randWriteOps();
        byte[][] vals = values(VALUE_4K, 64);
        String wl = "random_write_4k_" + durability;
        for (int run = -1; run < scale.runs(); run++) {
            int ops = run < 0 ? Math.max(1, n / 4) : n;
            Path dir = work.resolve("rw" + run);
            deleteTree(dir);
            try (KvEngine e = open(dir)) {
                emitSettings(e);
                long seed = 1000 + run;
                long t0 = System.nanoTime();
                for (int i = 0; i < ops; i++) {
                    e.put(randomKey(i, seed), vals[i & 63]);
                }
                double s = (System.nanoTime() - t0) / 1e9;
                if (run >= 0) {
                    emit(wl, "ops_per_s", "ops/s", true, ops / s);
                    progress(wl + " run " + (run + 1) + ": " + Math.round(ops / s) + " ops/s");
                }
            }
            deleteTree(dir);
        }
    }

    private void seqWrite() throws Exception {
        int n = settings.sync() ? scale.seqValuesSync() : scale.seqValues();
        byte[][] vals = values(VALUE_1M, 4);
        String wl = "seq_write_1m_" + durability;
        for (int run = -1; run < scale.runs(); run++) {
            int ops = run < 0 ? Math.max(1, n / 4) : n;
            Path dir = work.resolve("sw" + run);
            deleteTree(dir);
            try (KvEngine e = open(dir)) {
                emitSettings(e);
                long t0 = System.nanoTime();
                for (int i = 0; i < ops; i++) {
                    e.put(seqKey(i), vals[i & 3]);
                }
                double s = (System.nanoTime() - t0) / 1e9;
                if (run >= 0) {
                    double mbs = (double) ops * VALUE_1M / 1e6 / s;
                    emit(wl, "mb_per_s", "MB/s", true, mbs);
                    progress(wl + " run " + (run + 1) + ": " + Math.round(mbs) + " MB/s");
                }
            }
            deleteTree(dir);
        }
    }

    private void randomRead() throws Exception {
        Path dir = work.resolve("rr");
        try (KvEngine e = open(dir)) {
            emitSettings(e);
            int n = scale.readKeys();
            load(e, n, 1_000, i -> randomKey(i, 7), values(VALUE_4K, 64));
            progress("random_read_4k: loaded " + n + " keys");
            readers(e, 1, n); // warm-up: also brings the data into the cache
            for (int run = 0; run < scale.runs(); run++) {
                for (int threads : new int[] {1, 2}) {
                    double opsPerS = readers(e, threads, scale.readOps());
                    emit("random_read_4k", "ops_per_s_" + threads + "t", "ops/s", true, opsPerS);
                    progress("random_read_4k " + threads + "t run " + (run + 1) + ": " + Math.round(opsPerS) + " ops/s");
                }
            }
        }
    }

    private double readers(KvEngine e, int threads, int opsPerThread) throws InterruptedException {
        int n = scale.readKeys();
        List<Thread> ts = new ArrayList<>();
        long[] misses = new long[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            ts.add(Thread.ofPlatform().unstarted(() -> {
                SplittableRandom r = new SplittableRandom(31 + id);
                for (int i = 0; i < opsPerThread; i++) {
                    byte[] v = e.get(randomKey(r.nextInt(n), 7));
                    if (v == null || v.length != VALUE_4K) {
                        misses[id]++;
                    }
                }
            }));
        }
        long t0 = System.nanoTime();
        ts.forEach(Thread::start);
        for (Thread t : ts) {
            t.join();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        if (Arrays.stream(misses).sum() != 0) {
            throw new IllegalStateException(engineName + ": random read missed " + Arrays.stream(misses).sum() + " keys");
        }
        return (double) threads * opsPerThread / s;
    }

    private void seqRead() throws Exception {
        Path dir = work.resolve("sr");
        try (KvEngine e = open(dir)) {
            emitSettings(e);
            int n = scale.seqValues();
            load(e, n, 16, BenchChild::seqKey, values(VALUE_1M, 4));
            progress("seq_read_1m: loaded " + n + " MiB");
            byte[] start = seqKey(0);
            for (int run = -1; run < scale.runs(); run++) {
                long bytes = 0;
                long t0 = System.nanoTime();
                for (int p = 0; p < scale.seqReadPasses(); p++) {
                    KvEngine.ScanResult r = e.scan(start, n);
                    if (r.count() != n) {
                        throw new IllegalStateException(engineName + ": sequential read saw " + r.count() + " of " + n);
                    }
                    bytes += r.bytes();
                }
                double s = (System.nanoTime() - t0) / 1e9;
                if (run >= 0) {
                    double mbs = bytes / 1e6 / s;
                    emit("seq_read_1m", "mb_per_s", "MB/s", true, mbs);
                    progress("seq_read_1m run " + (run + 1) + ": " + Math.round(mbs) + " MB/s");
                }
            }
        }
    }

    private KvEngine smallDb;

    private KvEngine smallDb() throws Exception {
        if (smallDb == null) {
            smallDb = open(work.resolve("small"));
            emitSettings(smallDb);
            loadSmall(smallDb);
            progress("small: loaded " + scale.smallKeys() + " keys");
            SplittableRandom r = new SplittableRandom(3);
            for (int i = 0; i < scale.smallKeys(); i++) { // warm-up: one get per key
                smallDb.get(smallKey(i));
            }
            for (int i = 0; i < scale.scans(); i++) {
                smallDb.scan(smallKey(r.nextInt(scale.smallKeys())), 100);
            }
        }
        return smallDb;
    }

    private void lookups() throws Exception {
        KvEngine e = smallDb();
        int n = scale.smallKeys();
        for (int run = 0; run < scale.runs(); run++) {
            SplittableRandom r = new SplittableRandom(100 + run);
            long[] lat = new long[scale.lookups()];
            for (int i = 0; i < lat.length; i++) {
                byte[] k = smallKey(r.nextInt(n));
                long t0 = System.nanoTime();
                byte[] v = e.get(k);
                lat[i] = System.nanoTime() - t0;
                if (v == null) {
                    throw new IllegalStateException(engineName + ": lookup missed");
                }
            }
            double[] p = percentiles(lat, 0.50, 0.99, 0.999);
            emit("point_lookup", "p50_us", "us", false, p[0]);
            emit("point_lookup", "p99_us", "us", false, p[1]);
            emit("point_lookup", "p999_us", "us", false, p[2]);
            progress("point_lookup run " + (run + 1) + String.format(": p50 %.2f p99 %.2f p99.9 %.2f us", p[0], p[1], p[2]));
        }
    }

    private void scans() throws Exception {
        KvEngine e = smallDb();
        int n = scale.smallKeys();
        for (int run = 0; run < scale.runs(); run++) {
            SplittableRandom r = new SplittableRandom(200 + run);
            long[] lat = new long[scale.scans()];
            long visited = 0;
            for (int i = 0; i < lat.length; i++) {
                byte[] k = smallKey(r.nextInt(n));
                long t0 = System.nanoTime();
                KvEngine.ScanResult res = e.scan(k, 100);
                lat[i] = System.nanoTime() - t0;
                visited += res.count();
            }
            if (visited < 90L * lat.length) {
                throw new IllegalStateException(engineName + ": scans visited only " + visited);
            }
            double[] p = percentiles(lat, 0.50, 0.99);
            emit("range_scan_100", "p50_us", "us", false, p[0]);
            emit("range_scan_100", "p99_us", "us", false, p[1]);
            progress("range_scan_100 run " + (run + 1) + String.format(": p50 %.2f p99 %.2f us", p[0], p[1]));
        }
    }

    static final int[] TXN_THREADS = {1, 2, 4, 8, 16};

    /**
     * Commits per second of read-one-write-one transactions (100 B values, uniformly random keys
     * over {@link Scale#txnKeys()}) with 1-16 committing threads, each isolation, for
     * {@link Scale#txnSeconds()} per cell; lost conflicts are retried by the next iteration and not
     * counted (their rate goes to stderr). Warm-up: every cell once at a quarter of the time.
     */
    private void transactions() throws Exception {
        try (TxnEngine e = TxnEngine.create(engineName)) {
            e.open(work.resolve("txn"), settings);
            for (Map.Entry<String, String> s : e.describe().entrySet()) {
                System.out.println("S\t" + s.getKey() + "\t" + s.getValue().replace('\t', ' '));
            }
            int n = scale.txnKeys();
            byte[][] keys = new byte[n][];
            for (int i = 0; i < n; i++) {
                keys[i] = randomKey(i, 0x7a);
            }
            byte[] value = values(SMALL_VALUE, 1)[0];
            e.load(keys, value);
            String wl = "txn_commits_" + durability;
            for (int run = -1; run < scale.runs(); run++) {
                double secs = run < 0 ? scale.txnSeconds() / 4 : scale.txnSeconds();
                for (String mode : new String[] {"serializable", "snapshot"}) {
                    for (int threads : TXN_THREADS) {
                        double[] r = txnCell(e, keys, value, mode.equals("serializable"), threads, secs);
                        if (run >= 0) {
                            emit(wl, mode + "_" + threads + "t", "commits/s", true, r[0]);
                            progress(String.format("%s %s %dt run %d: %.0f commits/s, %.0f conflicts/s", wl, mode, threads, run + 1, r[0], r[1]));
                        }
                    }
                }
            }
        }
    }

    private double[] txnCell(TxnEngine e, byte[][] keys, byte[] value, boolean serializable, int threads, double seconds)
            throws InterruptedException {
        long[] commits = new long[threads];
        long[] conflicts = new long[threads];
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            ts.add(Thread.ofPlatform().start(() -> {
                SplittableRandom r = new SplittableRandom(977L * id + System.nanoTime());
                while (System.nanoTime() < end) {
                    if (e.readWriteCommit(keys[r.nextInt(keys.length)], keys[r.nextInt(keys.length)], value, serializable)) {
                        commits[id]++;
                    } else {
                        conflicts[id]++;
                    }
                }
            }));
        }
        for (Thread t : ts) {
            t.join();
        }
        double s = (System.nanoTime() - start) / 1e9;
        return new double[] {Arrays.stream(commits).sum() / s, Arrays.stream(conflicts).sum() / s};
    }

    /** VmRSS of this process after GC and a short idle pause, in MiB. */
    static double idleRssMiB() throws Exception {
        System.gc();
        Thread.sleep(500);
        System.gc();
        Thread.sleep(1500);
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                String[] f = line.trim().split("\\s+");
                return Long.parseLong(f[1]) / 1024.0;
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
