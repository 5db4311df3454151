package org.aetherdb.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes results.csv, limits.csv and results.md. */
final class Report {
    private Report() {}

    static void write(BenchMain.Options o, String[] args, Collection<BenchMain.Row> rows, List<MachineLimits.Limit> limits,
                      Map<String, String> info, double emptyRss, double wallSeconds, List<String> failures) throws IOException {
        Path out = o.out();
        // results.csv
        StringBuilder csv = new StringBuilder(BenchMain.HEADER);
        csv.append(",durability_mode,scale,dataset,jvm_flags");
        for (String s : BenchMain.SETTING_COLUMNS) {
            csv.append(',').append(s);
        }
        csv.append('\n');
        String jvm = String.join(" ", BenchMain.childJvmFlags(o.scale()));
        for (BenchMain.Row r : rows) {
            List<String> f = new ArrayList<>(List.of(r.workload, r.metric, r.unit, Boolean.toString(r.higherIsBetter), r.engine,
                    num(r.median()), num(r.min()), num(r.max()), Integer.toString(r.values.size()),
                    r.mode, o.scale().name(), o.scale().dataset(), jvm));
            for (String s : BenchMain.SETTING_COLUMNS) {
                f.add(r.settings.getOrDefault(s, ""));
            }
            csv.append(String.join(",", f.stream().map(Report::csvField).toList())).append('\n');
        }
        Files.writeString(out.resolve("results.csv"), csv);

        // limits.csv: the same leading columns, engine "machine"; one measurement before, between and after the groups
        StringBuilder lim = new StringBuilder(BenchMain.HEADER).append(",best\n");
        for (MachineLimits.Limit l : limits) {
            lim.append(String.join(",", "machine_limits", l.metric(), l.unit(), "true", "machine",
                    num(l.median()), num(l.min()), num(l.best()), Integer.toString(l.values().size()), num(l.best()))).append('\n');
        }
        Files.writeString(out.resolve("limits.csv"), lim);

        double fsyncLimit = limits.stream().filter(l -> l.metric().equals(MachineLimits.FSYNC_PREALLOCATED))
                .mapToDouble(MachineLimits.Limit::best).findFirst().orElse(Double.NaN);
        List<String> charts = Charts.write(out, o.engines(), rows, fsyncLimit);
        String md = markdown(o, args, rows, limits, info, emptyRss, wallSeconds, failures, Summary.markdown(out.resolve("results.csv")));
        StringBuilder links = new StringBuilder();
        if (!charts.isEmpty()) {
            links.append("## Charts\n\n");
            for (String c : charts) {
                links.append("![").append(c.replace(".png", "")).append("](").append(c).append(")\n\n");
            }
        }
        Files.writeString(out.resolve("results.md"), md + links);
    }

    private static String markdown(BenchMain.Options o, String[] args, Collection<BenchMain.Row> rows,
                                   List<MachineLimits.Limit> limits, Map<String, String> info, double emptyRss, double wall,
                                   List<String> failures, String summary) {
        StringBuilder md = new StringBuilder();
        md.append("# AetherDB benchmark: ").append(o.scale().name()).append(" scale\n\n");
        md.append("- date: ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append('\n');
        md.append("- git commit (at the start of the run): ").append(info.getOrDefault(BenchMain.Run.GIT, Provenance.gitCommit())).append('\n');
        md.append("- machine: ").append(machine(o.out())).append('\n');
        md.append("- disk: ").append(Provenance.disk(o.out())).append('\n');
        md.append("- JDK: ").append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.version"))
                .append("; GC in the child JVMs: ").append(info.getOrDefault("gc", "?"))
                .append("; child JVM flags: `").append(String.join(" ", BenchMain.childJvmFlags(o.scale()))).append("`\n");
        String command = System.getProperty("aether.bench.command", "java -cp CLASSPATH org.aetherdb.bench.BenchMain " + BenchMain.joined(args));
        md.append("- command: `").append(command).append("`\n");
        md.append("- data: ").append(o.scale().dataset()).append('\n');
        md.append("- memory budget: ").append(o.scale().cacheBytes() >> 20).append(" MiB for cached and buffered data in every engine (RocksDB: "
                + "one block cache with the memtables charged to it; AetherDB: cacheSize = 2/3 of it, dirty pages up to half of that; "
                + "Xodus memoryUsage, MVStore cacheSize, JE cacheSize; LMDB has no cache of its own and uses the OS page cache); "
                + "compression off everywhere except the compressible_4k rows (each engine's default)\n");
        md.append("- ").append(o.scale().runs()).append(" measured run(s) per cell, each at least ").append(o.scale().minCellSeconds())
                .append(" s; write groups (random and sequential writes): every run in a JVM of its own with its own warm-up, engine "
                        + "order rotated from run to run; other groups: one JVM per engine (warm-up, then the runs), engine order rotated "
                        + "from group to group. Cells are medians, [min-max] when there is more than one run; a ratio is marked `tie` when "
                        + "AetherDB's min-max range overlaps the peer's\n");
        md.append("- every value read (gets, lookups, scans, sequential passes, read-backs after writes, YCSB reads) is checked against "
                + "the bytes written for its key (values derived from key and seed, `Values`); a wrong value fails the engine's group\n");
        md.append("- seeds: warm-up and every measured run draw from their own `SplittableRandom(BenchChild.seed(stream, round, run, thread))`; "
                + "the seeds of this run are listed at the end\n");
        if (o.workloads().contains("ycsb")) {
            md.append("- ycsb rows: ").append(o.scale().runs()).append(" whole YCSB run(s) per engine (fresh store: load, then A, B, C, F, D, E, "
                    + "each phase in a fresh JVM), round-robin over the engines; YCSB 0.17's client has no warm-up option, so every "
                    + "phase starts with a cold JIT, alike for all engines\n");
        }
        md.append(String.format(Locale.ROOT, "- bench wall time: %.1f s%n", wall));
        if (!Double.isNaN(emptyRss)) {
            md.append(String.format(Locale.ROOT, "- idle memory = VmRSS of a JVM with the loaded database open and idle minus an empty JVM's VmRSS (%.1f MiB)%n", emptyRss));
        }
        if (!failures.isEmpty()) {
            md.append("- **failed groups**: ").append(String.join("; ", failures)).append('\n');
        }
        md.append('\n');

        List<String> engines = new ArrayList<>(o.engines());
        rows.stream().map(r -> r.engine).distinct().filter(e -> !engines.contains(e)).forEach(engines::add);
        Map<String, Map<String, BenchMain.Row>> table = new LinkedHashMap<>();
        for (BenchMain.Row r : rows) {
            table.computeIfAbsent(r.workload + " | " + r.metric + " (" + r.unit + ")", k -> new LinkedHashMap<>()).put(r.engine, r);
        }
        md.append("| workload | metric | better |");
        engines.forEach(e -> md.append(' ').append(e).append(" |"));
        md.append(" aetherdb/rocksdb | aetherdb/best peer |\n|---|---|---|");
        engines.forEach(e -> md.append("---:|"));
        md.append("---:|---:|\n");
        for (Map.Entry<String, Map<String, BenchMain.Row>> e : table.entrySet()) {
            Map<String, BenchMain.Row> byEngine = e.getValue();
            BenchMain.Row any = byEngine.values().iterator().next();
            md.append("| ").append(e.getKey()).append(" | ").append(any.higherIsBetter ? "higher" : "lower").append(" |");
            for (String eng : engines) {
                BenchMain.Row r = byEngine.get(eng);
                md.append(' ');
                if (r == null) {
                    md.append("-");
                } else {
                    md.append(human(r.median()));
                    if (r.values.size() > 1) {
                        md.append(" [").append(human(r.min())).append('-').append(human(r.max())).append(']');
                    }
                }
                md.append(" |");
            }
            BenchMain.Row a = byEngine.get("aetherdb");
            BenchMain.Row rocks = byEngine.get("rocksdb");
            md.append(' ').append(a != null && rocks != null ? ratio(a, rocks) : "-").append(" |");
            BenchMain.Row best = null;
            for (BenchMain.Row r : byEngine.values()) {
                if (r.engine.equals("aetherdb")) {
                    continue;
                }
                if (best == null || (any.higherIsBetter ? r.median() > best.median() : r.median() < best.median())) {
                    best = r;
                }
            }
            md.append(' ').append(a != null && best != null ? ratio(a, best) + " (" + best.engine + ")" : "-").append(" |\n");
        }
        md.append("\nRatios are AetherDB's median divided by the peer's: above 1 is better for \"higher\" rows, "
                + "below 1 is better for \"lower\" rows; `tie`: the two min-max ranges overlap.\n\n");
        md.append("## Summary (generated from results.csv)\n\n").append(summary).append("\n\n");
        transactions(md, rows, limits);
        md.append("## Machine limits (same run, same file system; measured before, between and after the groups)\n\n"
                + "| limit | best | median | min | measurements |\n|---|---:|---:|---:|---:|\n");
        for (MachineLimits.Limit l : limits) {
            md.append("| ").append(l.metric()).append(" | ").append(human(l.best())).append(' ').append(l.unit()).append(" | ")
                    .append(human(l.median())).append(" | ").append(human(l.min())).append(" | ").append(l.values().size()).append(" |\n");
        }
        md.append("\nA ratio to a limit uses its best measurement (an engine above a limit means the limit was measured low), "
                + "and is never shown without the limit's range.\n");
        md.append("\nSequential writes: 1 MiB writes of a ").append(o.scale().limitFileBytes() >> 20)
                .append(" MiB file, fsync variant with one fdatasync at the end (as `dd conv=fdatasync`); fsyncs/s: 4 KiB write + fdatasync "
                        + "into a preallocated 64 MiB file.\n\n");
        md.append("## Engine settings\n\n| engine | durability | cache | page/block | compression | notes |\n|---|---|---|---|---|---|\n");
        Map<String, Map<String, String>> seen = new LinkedHashMap<>();
        for (BenchMain.Row r : rows) {
            seen.putIfAbsent(r.engine + " (" + r.mode + ")", r.settings);
        }
        for (Map.Entry<String, Map<String, String>> e : seen.entrySet()) {
            Map<String, String> s = e.getValue();
            md.append("| ").append(e.getKey());
            for (String c : BenchMain.SETTING_COLUMNS) {
                md.append(" | ").append(s.getOrDefault(c, "").replace("|", "\\|"));
            }
            md.append(" |\n");
        }
        seeds(md, info);
        return md.toString();
    }

    /** The seeds the runs drew from (the same for every engine), grouped by stream. */
    private static void seeds(StringBuilder md, Map<String, String> info) {
        md.append("\n## Seeds\n\n");
        info.forEach((k, v) -> {
            if (k.startsWith("seed ")) {
                md.append("- ").append(k.substring(5)).append(": `").append(v).append("`\n");
            }
        });
    }

    /** Commits/s per thread count, both isolations, beside the 4 KiB append fsync limit of the same run. */
    private static void transactions(StringBuilder md, Collection<BenchMain.Row> rows, List<MachineLimits.Limit> limits) {
        MachineLimits.Limit lim = limits.stream().filter(l -> l.metric().equals(MachineLimits.FSYNC_PREALLOCATED)).findFirst().orElse(null);
        double limit = lim == null ? Double.NaN : lim.best();
        String limitCell = lim == null ? "-" : human(lim.best()) + " [" + human(lim.min()) + "-" + human(lim.best()) + "]";
        for (String dur : List.of("sync", "nosync")) {
            Map<String, BenchMain.Row> cells = new LinkedHashMap<>();
            for (BenchMain.Row r : rows) {
                if (r.workload.equals("txn_commits_" + dur)) {
                    cells.put(r.engine + "/" + r.metric, r);
                }
            }
            if (cells.isEmpty()) {
                continue;
            }
            md.append("## Transactions, ").append(dur).append(" (commits/s, read one key + write one key per transaction)\n\n");
            List<String> cols = List.of("aetherdb/serializable", "aetherdb/snapshot", "rocksdb/serializable", "rocksdb/snapshot");
            md.append("| threads |");
            cols.forEach(c -> md.append(' ').append(c).append(" |"));
            boolean sync = dur.equals("sync");
            if (sync) {
                md.append(" fsync limit (4 KiB, preallocated file) | aetherdb serializable / limit | aetherdb snapshot / limit |");
            }
            md.append("\n|---:|").append("---:|".repeat(cols.size() + (sync ? 3 : 0))).append('\n');
            for (int t : TxnGroup.TXN_THREADS) {
                md.append("| ").append(t).append(" |");
                for (String c : cols) {
                    BenchMain.Row r = cells.get(c + "_" + t + "t");
                    md.append(' ').append(r == null ? "-" : human(r.median())).append(" |");
                }
                if (sync) {
                    md.append(' ').append(limitCell).append(" |");
                    for (String c : List.of("aetherdb/serializable", "aetherdb/snapshot")) {
                        BenchMain.Row r = cells.get(c + "_" + t + "t");
                        md.append(' ').append(r == null || Double.isNaN(limit) ? "-" : String.format(Locale.ROOT, "%.2fx", r.median() / limit)).append(" |");
                    }
                }
                md.append('\n');
            }
            md.append("\nAetherDB: `db.begin(SERIALIZABLE|SNAPSHOT)`. RocksDB: `OptimisticTransactionDB` with a snapshot at begin; "
                    + "serializable = `getForUpdate` on the read key (validated at commit), snapshot = plain `get` (only the written key "
                    + "is validated). Lost conflicts are not counted. ");
            if (sync) {
                md.append("A multiple of the fsync limit above 1 is group commit at work (one fsync for several commits).");
            }
            md.append("\n\n");
        }
    }

    private static String machine(Path out) {
        String cpu = "?";
        String mem = "?";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
            mem = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .findFirst().map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024 / 1024 + " GiB").orElse("?");
        } catch (IOException | RuntimeException e) {
            // leave unknown
        }
        String fs = "?";
        try {
            var store = Files.getFileStore(out);
            fs = store.type() + " (" + store.name() + ")";
        } catch (IOException e) {
            // leave unknown
        }
        String host = "?";
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            // leave unknown
        }
        return host + ", " + Runtime.getRuntime().availableProcessors() + " CPUs (" + cpu + "), " + mem + " RAM, "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + ", file system " + fs;
    }

    static String num(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    static String human(double v) {
        double a = Math.abs(v);
        if (a >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", v / 1e6);
        }
        if (a >= 1e4) {
            return String.format(Locale.ROOT, "%.1fK", v / 1e3);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String ratio(BenchMain.Row a, BenchMain.Row b) {
        if (b.median() == 0) {
            return "-";
        }
        String r = String.format(Locale.ROOT, "%.2f", a.median() / b.median());
        return overlap(a, b) ? r + " tie" : r;
    }

    /** True when the two rows' min-max ranges overlap: the difference is within the runs' spread. */
    static boolean overlap(BenchMain.Row a, BenchMain.Row b) {
        return a.values.size() > 1 && b.values.size() > 1 && a.min() <= b.max() && b.min() <= a.max();
    }

    private static String csvField(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
