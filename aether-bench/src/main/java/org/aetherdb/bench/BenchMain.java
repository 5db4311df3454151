package org.aetherdb.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.aetherdb.bench.engine.Engines;
import org.aetherdb.bench.engine.TxnEngine;
import org.aetherdb.bench.ycsb.YcsbRunner;

/**
 * The article's table, AetherDB beside its peers, measured in one run on one machine:
 *
 * <pre>
 * java -cp CLASSPATH org.aetherdb.bench.BenchMain --engines aetherdb,rocksdb,lmdb,xodus,mvstore,je \
 *      --workloads randwrite,randread,seqwrite,seqread,lookup,scan,idle,txn \
 *      --scale tiny|small|medium|large --durability sync|nosync|both --out DIR
 * </pre>
 *
 * <p>Each engine x workload group runs in a fresh child JVM ({@link BenchChild}) with the same
 * java binary, class path and flags (the lmdbjava {@code --add-opens} flags go to every engine, so
 * all run under identical JVM options), with a warm-up and {@link Scale#runs()} measured runs;
 * groups are ordered workload-major (all engines run one workload before the next) so that drift
 * of the machine hits every engine alike. Durability applies to the write rows; read rows load
 * their data without fsync (when nosync is among the modes) since it does not change what they
 * measure. Writes {@code results.csv}, {@code limits.csv} and {@code results.md} into the output
 * directory; progress goes to stderr.
 */
public final class BenchMain {
    static final String HEADER = "workload,metric,unit,higher_is_better,engine,median,min,max,runs";
    static final List<String> WORKLOADS = List.of("randwrite", "randread", "seqwrite", "seqread", "lookup", "scan", "idle", "txn", "scale", "ycsb");
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
        long start = System.nanoTime();
        Files.createDirectories(o.out());
        Path work = o.out().resolve("work");
        deleteTree(work);
        Files.createDirectories(work);

        System.err.println("bench: scale " + o.scale().name() + ", engines " + o.engines() + ", workloads "
                + o.workloads() + ", durability " + o.durabilities() + ", out " + o.out());
        System.err.println("bench: measuring the machine's limits...");
        List<MachineLimits.Limit> limits = MachineLimits.measure(work.resolve("limits"), o.scale());
        for (MachineLimits.Limit l : limits) {
            System.err.printf("bench:   %s %.0f %s%n", l.metric(), l.value(), l.unit());
        }

        Map<String, Row> rows = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        String readMode = o.durabilities().contains("nosync") ? "nosync" : "sync";
        List<String[]> plan = new ArrayList<>(); // {group, durability}
        for (String w : o.workloads()) {
            switch (w) {
                case "randwrite", "seqwrite", "txn" -> o.durabilities().forEach(d -> plan.add(new String[] {w, d}));
                case "randread", "seqread" -> plan.add(new String[] {w, readMode});
                case "lookup" -> plan.add(new String[] {o.workloads().contains("scan") ? "lookup+scan" : "lookup", readMode});
                case "scan" -> {
                    if (!o.workloads().contains("lookup")) {
                        plan.add(new String[] {"scan", readMode});
                    }
                }
                case "idle" -> plan.add(new String[] {"idle", readMode});
                case "scale" -> plan.add(new String[] {"scale", "nosync"});
                // YCSB in the no-fsync mode when selected (fsync cost is what the sync rows measure); one
                // plan entry per run, so the runs go round-robin over the engines and drift hits all alike
                case "ycsb" -> {
                    for (int r = 0; r < o.scale().runs(); r++) {
                        plan.add(new String[] {"ycsb", readMode});
                    }
                }
                default -> throw new AssertionError(w);
            }
        }
        int total = 0;
        for (String[] p : plan) {
            total += enginesFor(o, p[0]).size();
        }
        int step = 0;
        double emptyRss = Double.NaN;
        for (String[] p : plan) {
            String group = p[0];
            String dur = p[1];
            if (group.equals("idle") && Double.isNaN(emptyRss)) {
                List<Double> empties = new ArrayList<>();
                for (int r = 0; r < o.scale().runs(); r++) {
                    Map<String, Row> tmp = new LinkedHashMap<>();
                    child(o, "none", "idle-empty", dur, work.resolve("empty"), tmp, failures);
                    tmp.values().forEach(row -> empties.addAll(row.values));
                }
                emptyRss = empties.isEmpty() ? 0 : empties.stream().mapToDouble(Double::doubleValue).sorted().toArray()[empties.size() / 2];
                System.err.printf("bench: empty JVM RSS %.1f MiB%n", emptyRss);
            }
            for (String engine : enginesFor(o, group)) {
                step++;
                long t0 = System.nanoTime();
                System.err.printf("bench [%d/%d] %s %s %s%n", step, total, engine, group, dur);
                Path dir = work.resolve(engine + "-" + group + "-" + dur);
                if (group.equals("idle")) {
                    Map<String, Row> tmp = new LinkedHashMap<>();
                    boolean ok = child(o, engine, "idle-load", dur, dir, tmp, failures);
                    for (int r = 0; ok && r < o.scale().runs(); r++) {
                        ok = child(o, engine, "idle-open", dur, dir, tmp, failures);
                    }
                    for (Row row : tmp.values()) {
                        Row d = rows.computeIfAbsent(key(row.workload, row.metric, engine),
                                k -> new Row(row.workload, row.metric, row.unit, row.higherIsBetter, engine));
                        d.settings = row.settings;
                        d.mode = dur;
                        for (double v : row.values) {
                            d.values.add(v - emptyRss);
                        }
                    }
                } else if (group.equals("ycsb")) {
                    ycsb(o, engine, dur, dir, rows, failures);
                } else {
                    child(o, engine, group, dur, dir, rows, failures);
                }
                deleteTree(dir);
                System.err.printf("bench [%d/%d] %s %s %s done in %.1f s%n", step, total, engine, group, dur,
                        (System.nanoTime() - t0) / 1e9);
            }
        }
        deleteTree(work);
        double wall = (System.nanoTime() - start) / 1e9;
        Report.write(o, args, rows.values(), limits, emptyRss, wall, failures);
        System.err.printf("bench: done in %.1f s; results in %s%n", wall, o.out().toAbsolutePath());
        for (String f : failures) {
            System.err.println("bench: FAILED " + f);
        }
        return failures.isEmpty() ? 0 : 1;
    }

    /** The engines that run a group: all selected ones, except transactions (aetherdb and rocksdb only). */
    static List<String> enginesFor(Options o, String group) {
        return group.equals("txn") ? o.engines().stream().filter(TxnEngine.ENGINES::contains).toList() : o.engines();
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
        } catch (IOException e) {
            failures.add(engine + " ycsb " + dur + ": " + e.getMessage());
            System.err.println("bench: " + engine + " ycsb failed: " + e.getMessage());
        }
    }

    private static String key(String workload, String metric, String engine) {
        return workload + "\u0000" + metric + "\u0000" + engine;
    }

    /** Runs one child JVM; adds its results to {@code rows}; false (and a failure noted) when it failed. */
    private static boolean child(Options o, String engine, String group, String dur, Path dir,
                                 Map<String, Row> rows, List<String> failures) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary());
        cmd.addAll(childJvmFlags(o.scale()));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(BenchChild.class.getName());
        cmd.addAll(List.of(engine, group, dur, o.scale().name(), dir.toString()));
        Process proc = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Map<String, String> settings = new LinkedHashMap<>();
        List<String[]> results = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] f = line.split("\t");
                if (f[0].equals("S") && f.length == 3) {
                    settings.put(f[1], f[2]);
                } else if (f[0].equals("R") && f.length == 6) {
                    results.add(f);
                } else {
                    System.err.println("  [" + engine + "] " + line);
                }
            }
        }
        boolean finished = proc.waitFor(timeoutSeconds(o.scale()), TimeUnit.SECONDS);
        if (!finished) {
            proc.destroyForcibly();
        }
        if (!finished || proc.exitValue() != 0) {
            failures.add(engine + " " + group + " " + dur + (finished ? " (exit " + proc.exitValue() + ")" : " (timeout)"));
            return false;
        }
        for (String[] f : results) {
            Row row = rows.computeIfAbsent(key(f[1], f[2], engine),
                    k -> new Row(f[1], f[2], f[3], Boolean.parseBoolean(f[4]), engine));
            row.values.add(Double.parseDouble(f[5]));
            row.settings = settings;
            row.mode = dur;
        }
        return true;
    }

    private static long timeoutSeconds(Scale s) {
        return switch (s.name()) {
            case "tiny" -> 300;
            case "small" -> 1200;
            default -> 7200;
        };
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
