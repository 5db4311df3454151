package org.aetherdb.bench;

import java.io.File;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.aetherdb.bench.engine.Engines;
import org.aetherdb.bench.engine.KvEngine;
import org.aetherdb.bench.engine.Settings;

/**
 * One engine x workload group in its own JVM, started by {@link BenchMain}. Arguments:
 * {@code ENGINE GROUP DURABILITY SCALE WORKDIR [ROUND]}. Writes result lines to stdout
 * ({@code R<TAB>workload<TAB>metric<TAB>unit<TAB>higherIsBetter<TAB>value}, one per measured run;
 * {@code S<TAB>key<TAB>value} for the engine's settings; {@code I<TAB>key<TAB>value} for facts the
 * report shows, such as seeds and the GC) and progress to stderr.
 *
 * <p>Groups: {@code randwrite}, {@code seqwrite}, {@code fsynccount}, {@code space} ({@link
 * WriteGroups}); {@code randread} (warm and cold), {@code seqread}, {@code lookup+scan}, {@code
 * mixed}, {@code compress} ({@link ReadGroups}); {@code txn} ({@link TxnGroup}); {@code scale}
 * ({@link ScaleWorkload}); {@code idle-load}, {@code idle-open}, {@code idle-empty}.
 *
 * <p>Invariants every group keeps: every value read is checked against the value written for its
 * key ({@link Values}); warm-up and every measured run draw their random keys from distinct seeds
 * ({@link #seed}); a measured run lasts at least {@link Scale#minCellSeconds()}.
 */
public final class BenchChild {
    static final int KEY_LEN = 16;
    static final int SMALL_VALUE = 100;
    static final int VALUE_4K = 4096;
    static final int VALUE_1M = 1 << 20;
    /** The seed of every value pool (values are a function of key, generation and this seed). */
    static final long VALUE_SEED = 0xa37e4dbL;

    final String engineName;
    final Settings settings;
    final Scale scale;
    final Path work;
    final String durability;
    final int round;

    BenchChild(String engine, String durability, Scale scale, Path work, int round) {
        this.engineName = engine;
        this.durability = durability;
        this.settings = new Settings("sync".equals(durability), scale.cacheBytes(), scale.lmdbMapSize());
        this.scale = scale;
        this.work = work;
        this.round = round;
    }

    public static void main(String[] args) throws Exception {
        String engine = args[0];
        String group = args[1];
        String durability = args[2];
        Scale scale = Scale.of(args[3]);
        Path work = Path.of(args[4]);
        int round = args.length > 5 ? Integer.parseInt(args[5]) : 0;
        if (group.equals("idle-empty")) {
            emit("idle_memory", "empty_jvm_rss", "MiB", false, idleRssMiB(scale));
            return;
        }
        BenchChild c = new BenchChild(engine, durability, scale, work, round);
        c.run(group);
        info("gc", ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
                .collect(Collectors.joining(", ")));
        System.out.flush();
    }

    void run(String group) throws Exception {
        Files.createDirectories(work);
        WriteGroups writes = new WriteGroups(this);
        ReadGroups reads = new ReadGroups(this);
        for (String g : group.split("\\+")) {
            switch (g) {
                case "randwrite" -> writes.randomWrite();
                case "seqwrite" -> writes.seqWrite();
                case "fsynccount" -> writes.fsyncCount();
                case "space" -> writes.space();
                case "randread" -> reads.randomRead();
                case "seqread" -> reads.seqRead();
                case "lookup" -> reads.lookups();
                case "scan" -> reads.scans();
                case "mixed" -> reads.mixed();
                case "compress" -> reads.compressible();
                case "txn" -> new TxnGroup(this).run();
                case "scale" -> scaleGroup();
                case "idle-load" -> {
                    try (KvEngine e = open(work.resolve("db"))) {
                        reads.loadSmall(e);
                    }
                }
                case "idle-open" -> idleOpen(reads);
                default -> throw new IllegalArgumentException("unknown group: " + g);
            }
        }
        reads.closeSmallDb();
    }

    private void scaleGroup() throws Exception {
        Settings small = new Settings(false, ScaleWorkload.cacheBytes(scale), scale.lmdbMapSize());
        Files.createDirectories(work.resolve("scale"));
        try (KvEngine e = open(work.resolve("scale"), small)) {
            emitSettings(e);
            ScaleWorkload.run(e, scale, this::progress, engineName);
        }
    }

    private void idleOpen(ReadGroups reads) throws Exception {
        try (KvEngine e = open(work.resolve("db"))) {
            byte[] k = ReadGroups.smallKey(0);
            reads.smallValues().check(engineName, "idle get", k, e.get(k));
            emit("idle_memory", "rss_mib", "MiB", false, idleRssMiB(scale));
        }
    }

    // ---------------------------------------------------------------- keys and seeds

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

    /**
     * The seed of one random stream: {@code stream} names what it draws (e.g. the workload), {@code
     * run} is -1 for the warm-up and 0.. for measured runs, {@code thread} the drawing thread. Chained
     * through a bijective mixer, so the warm-up and every run and thread get their own sequence.
     */
    static long seed(String stream, int round, int run, int thread) {
        long h = mix(stream.hashCode() * 0x9E3779B97F4A7C15L);
        h = mix(h + round);
        h = mix(h + run + 1);
        return mix(h + thread);
    }

    static long mix(long z) {
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

    /** Reports the seed a warm-up ({@code run} -1) or measured run drew from. */
    void emitSeed(String stream, int run, int thread) {
        info("seed " + stream + (run < 0 ? " warm-up" : " run " + (round + run + 1)) + " t" + thread,
                Long.toHexString(seed(stream, round, run, thread)));
    }

    // ---------------------------------------------------------------- helpers

    KvEngine open(Path dir) throws Exception {
        return open(dir, settings);
    }

    KvEngine open(Path dir, Settings s) throws Exception {
        Files.createDirectories(dir);
        KvEngine e = create(engineName);
        e.open(dir, s);
        return e;
    }

    /**
     * The adapter of an engine name; {@code class:NAME} instantiates a {@link KvEngine} class by name,
     * which only tests use (a deliberately wrong engine must fail the run).
     */
    static KvEngine create(String name) throws ReflectiveOperationException {
        if (name.startsWith("class:")) {
            return (KvEngine) Class.forName(name.substring(6)).getDeclaredConstructor().newInstance();
        }
        return Engines.create(name);
    }

    private boolean settingsEmitted;

    void emitSettings(KvEngine e) {
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

    static void info(String key, String value) {
        System.out.println("I\t" + key.replace('\t', ' ') + "\t" + value.replace('\t', ' '));
    }

    void progress(String what) {
        System.err.println("  [" + engineName + "] " + what);
    }

    /** True while a measured loop must go on: fewer than {@code ops} done, or less than the cell's minimum time. */
    boolean more(int done, int ops, long startNanos, double minSeconds) {
        return done < ops || System.nanoTime() - startNanos < (long) (minSeconds * 1e9);
    }

    /** Marks a point in the strace log of {@code fsynccount} (a failing mkdir whose path the parent looks for). */
    static void straceMarker(String name) {
        boolean ignored = new File("/proc/aether-bench-marker-" + name).mkdir();
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }

    /** Untimed bulk load of keys {@code 0..n-1} in batches, then the engine's settle step. */
    static void load(KvEngine e, int n, int batch, LongFunction<byte[]> key, Values vals) {
        for (int i = 0; i < n; i += batch) {
            int m = Math.min(batch, n - i);
            byte[][] ks = new byte[m][];
            byte[][] vs = new byte[m][];
            for (int j = 0; j < m; j++) {
                ks[j] = key.apply(i + j);
                vs[j] = vals.of(ks[j]);
            }
            e.putBatch(ks, vs);
        }
        e.settle();
    }

    /** VmRSS of this process after GC and a short idle pause (2 s; 0.2 s at tiny, where only the files are checked), in MiB. */
    static double idleRssMiB(Scale scale) throws Exception {
        int pause = scale.name().equals("tiny") ? 100 : 1000;
        System.gc();
        Thread.sleep(pause / 2);
        System.gc();
        Thread.sleep(pause * 3 / 2);
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                String[] f = line.trim().split("\\s+");
                return Long.parseLong(f[1]) / 1024.0;
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
