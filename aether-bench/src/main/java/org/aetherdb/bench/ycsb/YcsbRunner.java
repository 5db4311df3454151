package org.aetherdb.bench.ycsb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.aetherdb.bench.ChildProcess;

/**
 * Runs YCSB's own client ({@code site.ycsb.Client}, core 0.17.0) with the standard core workloads
 * A-F against each engine through {@link KvYcsbDB}: one load phase, then A, B, C, F, D, E in that
 * order (YCSB's recommended order: D and E insert) on the same store, each phase in a fresh JVM.
 * The workload parameters are YCSB's {@code workloads/workload[a-f]} files, spelled out in
 * {@link #WORKLOADS} (the core jar does not ship them).
 *
 * <p>Reports, per phase and engine: {@code throughput} (ops/s, YCSB's [OVERALL] line) and, per
 * operation type, p50/p99/p99.9 latency in µs (HdrHistogram). One call is one run (the phases
 * change the data, so a phase is never repeated on its own store); {@code ./aether bench
 * --workloads ycsb} repeats whole runs on fresh stores and reports their median and spread, while
 * this class's own {@link #main} makes a single run ({@code runs} is 1).
 *
 * <p>Every value read is verified: the phases run CoreWorkload with {@code dataintegrity=true}
 * (10 fields of a constant 100 B), so each field YCSB writes is a deterministic function of key and
 * field name, and YCSB compares every field of every read (and read-modify-write) with it, counting
 * {@code [VERIFY], Return=OK} or {@code UNEXPECTED_STATE}/{@code ERROR}; {@link KvYcsbDB} checks
 * what it can of scans. A phase fails (an {@link IOException} naming the engine, the phase and the
 * counts) when any {@code Return=} count other than OK is above zero, in any section, or when fewer
 * reads were verified OK than were made, as well as when the child exits non-zero, prints no figures
 * or reports failed operations.
 *
 * <p>Each phase's child has {@link Size#timeoutSeconds()}: its output is drained on other threads,
 * and a child still running then is killed with all its descendants and the phase fails ("timeout
 * after N s"). YCSB's status lines ({@code -s}, every 5 s) are forwarded to our stderr, prefixed
 * {@code [engine ycsb phase]}.
 */
public final class YcsbRunner {
    /** YCSB's core workload files, as properties. */
    public static final Map<String, Map<String, String>> WORKLOADS = new LinkedHashMap<>();

    static {
        WORKLOADS.put("a", Map.of("readproportion", "0.5", "updateproportion", "0.5", "scanproportion", "0",
                "insertproportion", "0", "requestdistribution", "zipfian"));
        WORKLOADS.put("b", Map.of("readproportion", "0.95", "updateproportion", "0.05", "scanproportion", "0",
                "insertproportion", "0", "requestdistribution", "zipfian"));
        WORKLOADS.put("c", Map.of("readproportion", "1", "updateproportion", "0", "scanproportion", "0",
                "insertproportion", "0", "requestdistribution", "zipfian"));
        WORKLOADS.put("f", Map.of("readproportion", "0.5", "updateproportion", "0", "scanproportion", "0",
                "insertproportion", "0", "readmodifywriteproportion", "0.5", "requestdistribution", "zipfian"));
        WORKLOADS.put("d", Map.of("readproportion", "0.95", "updateproportion", "0", "scanproportion", "0",
                "insertproportion", "0.05", "requestdistribution", "latest"));
        WORKLOADS.put("e", Map.of("readproportion", "0", "updateproportion", "0", "scanproportion", "0.95",
                "insertproportion", "0.05", "requestdistribution", "zipfian", "maxscanlength", "100",
                "scanlengthdistribution", "uniform"));
    }

    private static final Pattern LINE = Pattern.compile("^\\[([A-Z-]+)\\], ([^,]+), ([-0-9.Ee]+)$");
    private static final Pattern RETURN = Pattern.compile("^\\[([A-Z-]+)\\], Return=([A-Za-z_]+), (\\d+)$");

    /** One measured figure. */
    public record Result(String workload, String metric, String unit, boolean higherIsBetter, String engine,
                         double value, Map<String, String> settings) {}

    /**
     * Sizes of a YCSB run; {@code timeoutSeconds} bounds each phase's child JVM (killed, with its
     * descendants, when it has not exited by then).
     */
    public record Size(long records, long operations, int threads, long cacheBytes, String heap, long timeoutSeconds) {
        public static Size of(String scale) {
            return switch (scale) {
                case "tiny" -> new Size(2_000, 2_000, 2, 64L << 20, "1g", 300);
                case "small" -> new Size(50_000, 50_000, 4, 256L << 20, "2g", 1_200);
                case "medium" -> new Size(500_000, 500_000, 4, 1L << 30, "4g", 7_200);
                case "large" -> new Size(5_000_000, 2_000_000, 8, 1L << 30, "8g", 7_200);
                default -> throw new IllegalArgumentException("unknown scale: " + scale);
            };
        }

        public Size withTimeout(long seconds) {
            return new Size(records, operations, threads, cacheBytes, heap, seconds);
        }
    }

    private YcsbRunner() {}

    /**
     * {@code YcsbRunner [--engines aetherdb,rocksdb] [--durability sync|nosync|both] [--scale tiny|small|medium|large]
     * [--workloads a,b,c,d,e,f] [--out DIR]}: writes {@code DIR/ycsb.csv} (the results.csv columns).
     */
    public static void main(String[] args) throws Exception {
        List<String> engines = List.of("aetherdb", "rocksdb");
        List<String> durs = List.of("nosync");
        List<String> ws = List.copyOf(WORKLOADS.keySet());
        String scale = "tiny";
        Path out = Path.of("ycsb-results");
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--engines" -> engines = List.of(v.split(","));
                case "--durability" -> durs = v.equals("both") ? List.of("sync", "nosync") : List.of(v);
                case "--scale" -> scale = v;
                case "--workloads" -> ws = List.of(v.split(","));
                case "--out" -> out = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        List<String> flags = List.of("-XX:+EnableDynamicAgentLoading", "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "--add-opens", "java.base/java.nio=ALL-UNNAMED",
                "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED");
        Files.createDirectories(out);
        StringBuilder csv = new StringBuilder("workload,metric,unit,higher_is_better,engine,median,min,max,runs,durability,cache_bytes,notes\n");
        for (String d : durs) {
            for (String e : engines) {
                Path dir = out.resolve("work-" + e + "-" + d);
                for (Result r : run(e, d.equals("sync"), Size.of(scale), ws, dir, flags)) {
                    csv.append(String.join(",", r.workload(), r.metric(), r.unit(), String.valueOf(r.higherIsBetter()),
                            r.engine(), fmt(r.value()), fmt(r.value()), fmt(r.value()), "1", r.settings().get("durability"),
                            r.settings().get("cache_bytes"), '"' + r.settings().get("notes") + '"')).append('\n');
                }
                deleteTree(dir);
            }
        }
        Files.writeString(out.resolve("ycsb.csv"), csv);
        System.err.println("ycsb: results in " + out.resolve("ycsb.csv").toAbsolutePath());
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    static void deleteTree(Path p) throws IOException {
        if (Files.exists(p)) {
            try (var s = Files.walk(p)) {
                for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(q);
                }
            }
        }
    }

    /**
     * Loads and runs {@code workloads} (letters a-f, run in YCSB's order) on {@code engine} in
     * {@code dir} (created fresh, deleted after), one child JVM per phase with {@code jvmFlags}.
     */
    public static List<Result> run(String engine, boolean sync, Size size, List<String> workloads, Path dir,
                                   List<String> jvmFlags) throws IOException, InterruptedException {
        List<Result> out = new ArrayList<>();
        Files.createDirectories(dir);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("durability", sync ? "sync" : "nosync");
        settings.put("cache_bytes", String.valueOf(size.cacheBytes()));
        settings.put("notes", "YCSB 0.17.0 CoreWorkload, " + size.records() + " records x 10 fields x 100 B, "
                + size.operations() + " ops/phase, " + size.threads() + " client threads, dataintegrity (every read verified)");
        phase(engine, sync, size, "load", Map.of(), dir, jvmFlags, out, settings);
        for (String w : WORKLOADS.keySet()) {
            if (workloads.contains(w)) {
                phase(engine, sync, size, w, WORKLOADS.get(w), dir, jvmFlags, out, settings);
            }
        }
        return out;
    }

    private static void phase(String engine, boolean sync, Size size, String w, Map<String, String> props, Path dir,
                              List<String> jvmFlags, List<Result> out, Map<String, String> settings)
            throws IOException, InterruptedException {
        String workload = "ycsb_" + w;
        System.err.printf("  [%s] %s (%s) ...%n", engine, workload, sync ? "sync" : "nosync");
        Process proc = new ProcessBuilder(command(engine, sync, size, w, props, dir, jvmFlags)).start();
        ChildOutput log = ChildOutput.follow(proc, "  [" + engine + " ycsb " + w + "] ");
        try {
            if (!proc.waitFor(size.timeoutSeconds(), TimeUnit.SECONDS)) {
                ChildProcess.kill(proc);
                log.join();
                throw new IOException("YCSB " + workload + " on " + engine + ": timeout after " + size.timeoutSeconds()
                        + " s (child and its descendants killed); last output:\n" + log.tail());
            }
        } finally {
            ChildProcess.kill(proc); // a no-op when it has exited; kills it when we were interrupted
        }
        log.join();
        int found = figures(workload, engine, settings, log.stdout(), out);
        int rc = proc.exitValue();
        boolean failed = log.stdout().stream().anyMatch(l -> l.matches("^\\[[A-Z-]+-FAILED\\], Operations, [1-9].*"));
        if (rc != 0 || found == 0 || failed) {
            throw new IOException("YCSB " + workload + " on " + engine + " failed (exit " + rc + ", failed ops: " + failed
                    + "); last output:\n" + log.tail());
        }
        checkReturns(engine, workload, log.stdout());
    }

    /** Adds the figures of a phase's summary lines to {@code out}; returns how many. */
    private static int figures(String workload, String engine, Map<String, String> settings, List<String> stdout,
                               List<Result> out) {
        int found = 0;
        for (String line : stdout) {
            Matcher m = LINE.matcher(line.trim());
            Result res = m.matches() ? result(workload, m.group(1), m.group(2), Double.parseDouble(m.group(3)), engine, settings) : null;
            if (res != null) {
                out.add(res);
                found++;
            }
        }
        return found;
    }

    private static List<String> command(String engine, boolean sync, Size size, String w, Map<String, String> props,
                                        Path dir, List<String> jvmFlags) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + size.heap());
        cmd.addAll(jvmFlags);
        String jfrDir = System.getProperty("aether.ycsb.jfrDir"); // profiling (aether-bench/scripts/profile.sh ycsb:nosync)
        if (jfrDir != null) {
            cmd.add("-XX:StartFlightRecording=filename=" + Path.of(jfrDir, "ycsb-" + engine + "-" + w + ".jfr") + ",settings=profile");
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("site.ycsb.Client");
        cmd.add(w.equals("load") ? "-load" : "-t");
        cmd.addAll(List.of("-db", KvYcsbDB.class.getName(), "-threads", String.valueOf(size.threads()), "-s"));
        for (Map.Entry<String, String> e : properties(engine, sync, size, props, dir).entrySet()) {
            cmd.add("-p");
            cmd.add(e.getKey() + "=" + e.getValue());
        }
        return cmd;
    }

    private static Map<String, String> properties(String engine, boolean sync, Size size, Map<String, String> props,
                                                  Path dir) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("workload", "site.ycsb.workloads.CoreWorkload");
        p.put("recordcount", String.valueOf(size.records()));
        p.put("operationcount", String.valueOf(size.operations()));
        p.put("fieldcount", "10");
        p.put("fieldlength", "100");
        p.put("fieldlengthdistribution", "constant"); // dataintegrity requires it
        p.put("dataintegrity", "true"); // every read's fields are compared with what YCSB wrote: [VERIFY]
        p.put("readallfields", "true");
        p.put("measurementtype", "hdrhistogram");
        p.put("hdrhistogram.percentiles", "50,99,99.9");
        p.put("status.interval", "5");
        // test-only: a fully qualified KvEngine class name (a fake engine) instead of an engine's name
        p.put(engine.contains(".") ? "kv.engine.class" : "kv.engine", engine);
        p.put("kv.dir", dir.toString());
        p.put("kv.sync", String.valueOf(sync));
        p.put("kv.cache", String.valueOf(size.cacheBytes()));
        p.putAll(props);
        return p;
    }

    /**
     * Fails the phase when YCSB counted any operation or verification whose status is not OK (e.g.
     * {@code [VERIFY], Return=UNEXPECTED_STATE}: a read returned other bytes than were written;
     * {@code [READ], Return=NOT_FOUND}: a record that must exist is missing; {@code [SCAN],
     * Return=ERROR}: the binding's scan check failed), or when not every read was verified.
     */
    static void checkReturns(String engine, String workload, List<String> stdout) throws IOException {
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        for (String line : stdout) {
            Matcher m = RETURN.matcher(line.trim());
            if (m.matches()) {
                counts.computeIfAbsent(m.group(1), k -> new LinkedHashMap<>()).merge(m.group(2), Long.parseLong(m.group(3)), Long::sum);
            }
        }
        boolean bad = counts.values().stream().anyMatch(c -> c.entrySet().stream().anyMatch(e -> !e.getKey().equals("OK") && e.getValue() > 0));
        long reads = counts.getOrDefault("READ", Map.of()).values().stream().mapToLong(Long::longValue).sum();
        long verified = counts.getOrDefault("VERIFY", Map.of()).getOrDefault("OK", 0L);
        if (bad || verified != reads) {
            throw new IOException("YCSB " + workload + " on " + engine + " failed verification (" + verified + " of " + reads
                    + " reads verified OK): " + counts);
        }
    }

    /** Maps one YCSB summary line to a result (or null for lines the table does not use). */
    static Result result(String workload, String section, String metric, double value, String engine,
                         Map<String, String> settings) {
        if (section.equals("OVERALL") && metric.equals("Throughput(ops/sec)")) {
            return new Result(workload, "throughput", "ops/s", true, engine, value, settings);
        }
        if (section.equals("CLEANUP") || section.equals("VERIFY") || section.endsWith("-FAILED")) {
            return null;
        }
        String op = section.toLowerCase(Locale.ROOT).replace('-', '_');
        String pct = switch (metric) {
            case "50thPercentileLatency(us)" -> "p50";
            case "99thPercentileLatency(us)" -> "p99";
            case "99.9PercentileLatency(us)" -> "p99.9";
            default -> null;
        };
        return pct == null ? null : new Result(workload, op + "_" + pct + "_us", "us", false, engine, value, settings);
    }
}
