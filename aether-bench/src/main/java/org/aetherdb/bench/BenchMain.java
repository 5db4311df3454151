package org.aetherdb.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Locale;
import java.util.stream.Stream;
import org.aetherdb.bench.engine.Engines;
import org.aetherdb.bench.engine.TxnEngine;
import org.aetherdb.bench.ycsb.YcsbRunner;

/**
 * The article's table, AetherDB beside its peers, measured in one run on one machine:
 *
 * <pre>
 * java -cp CLASSPATH org.aetherdb.bench.BenchMain --engines aetherdb,rocksdb,lmdb,xodus,mvstore,je \
 *      --workloads randwrite,randread,seqwrite,seqread,lookup,scan,idle,txn,scale,mixed,space,compress \
 *      --scale tiny|small|medium|large --durability sync|nosync|both --out DIR
 * </pre>
 *
 * <p>Each engine x workload group runs in a fresh child JVM ({@link BenchChild}) with the same
 * java binary, class path and flags (the lmdbjava {@code --add-opens} flags go to every engine, so
 * all run under identical JVM options), with a warm-up and {@link Scale#runs()} measured runs; the
 * write groups run each measured run in a JVM of its own. The order is {@link Plan}'s: workload-major,
 * engine order rotated. A child that outlives {@link Scale#childTimeoutSeconds()} is killed
 * ({@link ChildProcess}). The machine's limits are measured before, between and after the groups.
 * Durability applies to the write rows; read rows load their data without fsync (when nosync is
 * among the modes) since it does not change what they measure. Writes {@code results.csv}, {@code
 * limits.csv} and {@code results.md} into the output directory; progress and an ETA go to stderr.
 */
public final class BenchMain {
    static final String HEADER = "workload,metric,unit,higher_is_better,engine,median,min,max,runs";
    static final List<String> WORKLOADS = List.of("randwrite", "randread", "seqwrite", "seqread", "lookup", "scan", "idle", "txn",
            "scale", "mixed", "space", "compress", "ycsb");
    /**
     * What runs without {@code --workloads}: everything but YCSB, whose one-JVM-per-phase runs
     * (load, A, B, C, F, D, E per engine) would take {@code small} past its 15-minute budget;
     * {@code --workloads all} or {@code ycsb} adds it.
     */
    static final List<String> DEFAULT_WORKLOADS = WORKLOADS.stream().filter(w -> !w.equals("ycsb")).toList();
    static final List<String> SETTING_COLUMNS = List.of("durability", "cache_bytes", "page_size", "compression", "notes");
    static final List<String> LMDB_OPENS = List.of(
            "--add-opens", "java.base/java.nio=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED");
    static final List<String> QUIET = List.of(
            "-XX:+EnableDynamicAgentLoading", "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow");

    private BenchMain() {}

    /** One row of results.csv: the runs of one metric of one workload on one engine. */
    static final class Row {
        final String workload;
        final String metric;
        final String unit;
        final boolean higherIsBetter;
        final String engine;
        final List<Double> values = new ArrayList<>();
        Map<String, String> settings = Map.of();
        String mode = "";

        Row(String workload, String metric, String unit, boolean hib, String engine) {
            this.workload = workload;
            this.metric = metric;
            this.unit = unit;
            this.higherIsBetter = hib;
            this.engine = engine;
        }

        double median() {
            double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            int n = v.length;
            return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
        }

        double min() {
            return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        }

        double max() {
            return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }
    }

    record Options(List<String> engines, List<String> workloads, Scale scale, List<String> durabilities, Path out) {}

    public static void main(String[] args) throws Exception {
        int code = run(args);
        System.exit(code);
    }

    /** Runs the benchmark; returns 0 when every group succeeded, 1 when some failed, 2 on bad usage. */
    public static int run(String[] args) throws Exception {
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.println(usage());
            return 2;
        }
        if (o == null) {
            System.out.println(usage());
            return 0;
        }
        return new BenchMain.Run(o, args).execute();
    }

    /** One benchmark run: the plan, the child JVMs, the limits between groups, the report. */
    static final class Run {
        static final String GIT = "git commit";
        final Options o;
        final String[] args;
        final Path work;
        final Map<String, Row> rows = new LinkedHashMap<>();
        final Map<String, String> info = new LinkedHashMap<>();
        final List<String> failures = new ArrayList<>();
        final MachineLimits.Series limits = new MachineLimits.Series();
        final boolean strace = straceAvailable();
        double emptyRss = Double.NaN;

        Run(Options o, String[] args) {
            this.o = o;
            this.args = args;
            this.work = o.out().resolve("work");
            info.put(GIT, Provenance.gitCommit()); // at the start: the tree the run was built from
        }

        int execute() throws Exception {
            long start = System.nanoTime();
            Files.createDirectories(o.out());
            deleteTree(work);
            Files.createDirectories(work);
            System.err.println("bench: scale " + o.scale().name() + ", engines " + o.engines() + ", workloads "
                    + o.workloads() + ", durability " + o.durabilities() + ", out " + o.out());
            if (!strace) {
                System.err.println("bench: strace not installed: fsyncs_per_commit is not measured (apt-get install strace)");
            }
            measureLimits("before the first group");
            List<String[]> groups = Plan.groups(o.workloads(), o.durabilities(), o.scale().runs(), strace);
            List<Plan.Step> steps = Plan.steps(groups, g -> enginesFor(o, g[0], g[1]), o.scale().writeRounds());
            String previous = null;
            for (int i = 0; i < steps.size(); i++) {
                Plan.Step s = steps.get(i);
                String label = s.group() + " " + s.durability();
                if (previous != null && !previous.equals(label)) {
                    measureLimits("after " + previous);
                }
                previous = label;
                step(s, i + 1, steps.size());
                eta(start, i + 1, steps.size());
            }
            measureLimits("after the last group");
            deleteTree(work);
            double wall = (System.nanoTime() - start) / 1e9;
            Report.write(o, args, rows.values(), limits.limits(), info, emptyRss, wall, failures);
            System.err.printf("bench: done in %.1f s; results in %s%n", wall, o.out().toAbsolutePath());
            for (String f : failures) {
                System.err.println("bench: FAILED " + f);
            }
            return failures.isEmpty() ? 0 : 1;
        }

        private void measureLimits(String when) throws IOException {
            List<MachineLimits.Sample> samples = MachineLimits.measure(work.resolve("limits"), o.scale());
            limits.add(samples);
            StringBuilder b = new StringBuilder("bench: machine limits " + when + ":");
            for (MachineLimits.Sample l : samples) {
                b.append(String.format(Locale.ROOT, " %s %.0f %s;", l.metric(), l.value(), l.unit()));
            }
            System.err.println(b);
        }

        private static void eta(long start, int done, int total) {
            double elapsed = (System.nanoTime() - start) / 1e9;
            if (done < total) {
                System.err.printf(Locale.ROOT, "bench: %d of %d steps in %.0f s; ETA about %.0f min more%n",
                        done, total, elapsed, elapsed / done * (total - done) / 60);
            }
        }

        private void step(Plan.Step s, int step, int total) throws Exception {
            long t0 = System.nanoTime();
            String what = s.engine() + " " + s.group() + " " + s.durability() + (Plan.ROUND_GROUPS.contains(s.group()) ? " round " + (s.round() + 1) : "");
            System.err.printf("bench [%d/%d] %s%n", step, total, what);
            Path dir = work.resolve(s.engine() + "-" + s.group() + "-" + s.durability() + "-" + s.round());
            switch (s.group()) {
                case "idle" -> idle(s, dir);
                case "ycsb" -> ycsb(o, s.engine(), s.durability(), dir, rows, failures);
                case "fsynccount" -> fsyncCount(s, dir);
                default -> child(s.engine(), s.group(), s.durability(), s.round(), dir, rows, List.of());
            }
            deleteTree(dir);
            System.err.printf(Locale.ROOT, "bench [%d/%d] %s done in %.1f s%n", step, total, what, (System.nanoTime() - t0) / 1e9);
        }

        private void idle(Plan.Step s, Path dir) throws Exception {
            if (Double.isNaN(emptyRss)) {
                List<Double> empties = new ArrayList<>();
                for (int r = 0; r < o.scale().runs(); r++) {
                    Map<String, Row> tmp = new LinkedHashMap<>();
                    child("none", "idle-empty", s.durability(), 0, work.resolve("empty"), tmp, List.of());
                    tmp.values().forEach(row -> empties.addAll(row.values));
                }
                emptyRss = empties.isEmpty() ? 0 : empties.stream().mapToDouble(Double::doubleValue).sorted().toArray()[empties.size() / 2];
                System.err.printf(Locale.ROOT, "bench: empty JVM RSS %.1f MiB%n", emptyRss);
            }
            Map<String, Row> tmp = new LinkedHashMap<>();
            boolean ok = child(s.engine(), "idle-load", s.durability(), 0, dir, tmp, List.of());
            for (int r = 0; ok && r < o.scale().runs(); r++) {
                ok = child(s.engine(), "idle-open", s.durability(), 0, dir, tmp, List.of());
            }
            for (Row row : tmp.values()) {
                Row d = rows.computeIfAbsent(key(row.workload, row.metric, s.engine()),
                        k -> new Row(row.workload, row.metric, row.unit, row.higherIsBetter, s.engine()));
                d.settings = row.settings;
                d.mode = s.durability();
                for (double v : row.values) {
                    d.values.add(v - emptyRss);
                }
            }
        }

        /**
         * The child of group {@code fsynccount} under {@code strace -f --seccomp-bpf} (only the traced
         * calls stop the process): fsync-family calls of every thread between the child's markers,
         * divided by the commits it made there.
         */
        private void fsyncCount(Plan.Step s, Path dir) throws Exception {
            Files.createDirectories(dir);
            Path log = dir.resolve("strace.log");
            List<String> prefix = List.of("strace", "-f", "--seccomp-bpf", "-qq", "-o", log.toString(),
                    "-e", "trace=fsync,fdatasync,msync,sync_file_range,mkdir,mkdirat");
            if (!child(s.engine(), "fsynccount", "sync", 0, dir.resolve("db"), new LinkedHashMap<>(), prefix)) {
                return;
            }
            List<String> lines = Files.readAllLines(log);
            int n = o.scale().fsyncCountCommits();
            addFsyncRow("random_write_4k_sync", s.engine(), FsyncCount.between(lines, "begin-4k", "end-4k") / (double) n);
            addFsyncRow("seq_write_1m_sync", s.engine(), FsyncCount.between(lines, "begin-1m", "end-1m") / (double) Math.max(4, n / 4));
        }

        /** A fsyncs_per_commit row, with the settings the engine's fsynccount child reported. */
        private void addFsyncRow(String workload, String engine, double perCommit) {
            Row r = rows.computeIfAbsent(key(workload, "fsyncs_per_commit", engine),
                    k -> new Row(workload, "fsyncs_per_commit", "fsyncs", false, engine));
            r.values.add(perCommit);
            r.mode = "sync";
            r.settings = lastSettings.getOrDefault(engine, Map.of());
        }

        /** Each engine's settings as its latest child reported them. */
        private final Map<String, Map<String, String>> lastSettings = new LinkedHashMap<>();

        /** Runs one child JVM; adds its results to {@code into}; false (and a failure noted) when it failed. */
        boolean child(String engine, String group, String dur, int round, Path dir, Map<String, Row> into, List<String> prefix)
                throws IOException, InterruptedException {
            List<String> cmd = new ArrayList<>(prefix);
            cmd.add(javaBinary());
            cmd.addAll(childJvmFlags(o.scale()));
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(BenchChild.class.getName());
            cmd.addAll(List.of(engine, group, dur, o.scale().name(), dir.toString(), Integer.toString(round)));
            Map<String, String> settings = new LinkedHashMap<>();
            List<String[]> results = new ArrayList<>();
            long timeout = o.scale().childTimeoutSeconds();
            ChildProcess.Outcome out = ChildProcess.run(cmd, timeout, line -> {
                String[] f = line.split("\t");
                if (f[0].equals("S") && f.length == 3) {
                    settings.put(f[1], f[2]);
                } else if (f[0].equals("I") && f.length == 3) {
                    synchronized (info) {
                        info.putIfAbsent(f[1], f[2]);
                    }
                } else if (f[0].equals("R") && f.length == 6) {
                    results.add(f);
                } else {
                    System.err.println("  [" + engine + "] " + line);
                }
            });
            if (!out.ok()) {
                failures.add(engine + " " + group + " " + dur + " (" + out.describe(timeout) + ")");
                return false;
            }
            if (!settings.isEmpty()) {
                lastSettings.put(engine, settings);
            }
            for (String[] f : results) {
                Row row = into.computeIfAbsent(key(f[1], f[2], engine),
                        k -> new Row(f[1], f[2], f[3], Boolean.parseBoolean(f[4]), engine));
                row.values.add(Double.parseDouble(f[5]));
                row.settings = settings;
                row.mode = dur;
            }
            return true;
        }
    }

    static boolean straceAvailable() {
        try {
            Process p = new ProcessBuilder("strace", "-V").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /**
     * The engines that run a group: all selected ones, except transactions (aetherdb and rocksdb
     * only); the LMDB variant with {@code MDB_WRITEMAP} joins the no-fsync write groups when LMDB is selected.
     */
    static List<String> enginesFor(Options o, String group, String durability) {
        if (group.equals("txn")) {
            return o.engines().stream().filter(TxnEngine.ENGINES::contains).toList();
        }
        List<String> es = new ArrayList<>(o.engines());
        if (es.contains("lmdb") && durability.equals("nosync") && Plan.ROUND_GROUPS.contains(group)) {
            es.addAll(Engines.VARIANTS);
        }
        return es;
    }

    /**
     * One run of YCSB's own client on a fresh store: load then A-F, one JVM per phase ({@link
     * YcsbRunner}); rows {@code ycsb_<phase>_<durability>}, one value per run (the plan holds
     * {@link Scale#runs()} such runs per engine, so median, min and max are over whole runs).
     */
    private static void ycsb(Options o, String engine, String dur, Path dir, Map<String, Row> rows, List<String> failures)
            throws InterruptedException {
        try {
            List<String> flags = new ArrayList<>(QUIET);
            flags.addAll(LMDB_OPENS);
            for (YcsbRunner.Result r : YcsbRunner.run(engine, dur.equals("sync"), YcsbRunner.Size.of(o.scale().name()),
                    List.copyOf(YcsbRunner.WORKLOADS.keySet()), dir, flags)) {
                String workload = r.workload() + "_" + dur;
                Row d = rows.computeIfAbsent(key(workload, r.metric(), engine),
                        k -> new Row(workload, r.metric(), r.unit(), r.higherIsBetter(), engine));
                d.settings = r.settings();
                d.mode = dur;
                d.values.add(r.value());
            }
        } catch (IOException | RuntimeException e) {
            failures.add(engine + " ycsb " + dur + ": " + e.getMessage());
            System.err.println("bench: " + engine + " ycsb failed: " + e.getMessage());
        }
    }

    private static String key(String workload, String metric, String engine) {
        return workload + "\u0000" + metric + "\u0000" + engine;
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static List<String> childJvmFlags(Scale s) {
        List<String> f = new ArrayList<>();
        f.add("-Xmx" + s.heap());
        f.addAll(QUIET);
        f.addAll(LMDB_OPENS);
        f.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"); // Xodus logs INFO lines per open
        return f;
    }

    static Options parse(String[] args) {
        List<String> engines = Engines.ALL;
        List<String> workloads = DEFAULT_WORKLOADS;
        String scale = "tiny";
        String durability = "both";
        Path out = Path.of("bench-results");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                v = a.substring(eq + 1);
                a = a.substring(0, eq);
            } else if (a.equals("-h") || a.equals("--help")) {
                return null;
            } else {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value for " + a);
                }
                v = args[++i];
            }
            switch (a) {
                case "--engines" -> engines = list(v, Engines.ALL, "engine");
                case "--workloads" -> workloads = list(v, WORKLOADS, "workload");
                case "--scale" -> scale = v;
                case "--durability" -> durability = v;
                case "--out" -> out = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option: " + a);
            }
        }
        List<String> durs = switch (durability) {
            case "sync" -> List.of("sync");
            case "nosync" -> List.of("nosync");
            case "both" -> List.of("sync", "nosync");
            default -> throw new IllegalArgumentException("--durability must be sync, nosync or both: " + durability);
        };
        return new Options(engines, workloads, Scale.of(scale), durs, out);
    }

    private static List<String> list(String v, List<String> known, String what) {
        if (v.equals("all")) {
            return known;
        }
        Set<String> s = new LinkedHashSet<>();
        for (String x : v.split(",")) {
            String t = x.trim().toLowerCase();
            if (!known.contains(t)) {
                throw new IllegalArgumentException("unknown " + what + ": " + t + " (known: " + String.join(",", known) + ")");
            }
            s.add(t);
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("no " + what + " given");
        }
        // keep the canonical order
        return known.stream().filter(s::contains).toList();
    }

    static String usage() {
        return String.join("\n",
                "usage: BenchMain [--engines " + String.join(",", Engines.ALL) + "|all] [--workloads " + String.join(",", WORKLOADS) + "|all]",
                "                 [--scale tiny|small|medium|large] [--durability sync|nosync|both] [--out DIR]",
                "defaults: all engines, every workload but ycsb (add it with --workloads all or ycsb), tiny, both, ./bench-results");
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

    static String joined(String[] args) {
        return String.join(" ", Arrays.asList(args));
    }
}
