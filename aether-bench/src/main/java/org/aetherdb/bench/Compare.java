package org.aetherdb.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./aether bench compare OLD_DIR NEW_DIR [--fail-below R] [--engines LIST]}: compares two
 * bench runs (their {@code results.csv}) row by row, keyed by workload, metric and engine, and prints
 * a markdown table with the oriented ratio (new/old when higher is better, old/new otherwise, so above
 * 1 is better) and a verdict: better or worse when the two runs' [min-max] ranges do not overlap,
 * noise when they do. Rows found in only one run are listed. With {@code --fail-below R} the exit code
 * is 1 when an {@code aetherdb} row is worse (outside the spreads) with a ratio below R; 2 is a usage
 * error (bad arguments, missing directory or results.csv, malformed csv); 0 otherwise.
 */
public final class Compare {
    static final int OK = 0;
    static final int REGRESSION = 1;
    static final int USAGE = 2;
    static final String USAGE_LINE = "usage: compare OLD_DIR NEW_DIR [--fail-below R] [--engines LIST]";

    private Compare() {}

    /** The parsed command line; {@code failBelow} is NaN without {@code --fail-below}, {@code engines} null for all. */
    record Options(Path oldDir, Path newDir, double failBelow, Set<String> engines) {}

    /** One row present in both runs. */
    record Change(ResultsCsv.Row old, ResultsCsv.Row now, double ratio, String verdict) {
        boolean regressionBelow(double threshold) {
            return now.engine().equals(Summary.AETHERDB) && verdict.equals("worse") && ratio < threshold;
        }
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the comparison, printing the table to {@code out} and errors to {@code err}; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            out.println(USAGE_LINE);
            return OK;
        }
        Options o;
        List<ResultsCsv.Row> old;
        List<ResultsCsv.Row> now;
        try {
            o = options(args);
            old = filter(load(o.oldDir()), o.engines());
            now = filter(load(o.newDir()), o.engines());
        } catch (IllegalArgumentException e) {
            err.println("compare: " + e.getMessage());
            return USAGE;
        }
        List<Change> changes = changes(old, now);
        out.print(markdown(o, changes, old, now));
        return failures(o, changes, out, err);
    }

    static Options options(String[] args) {
        List<String> positional = new ArrayList<>();
        double failBelow = Double.NaN;
        Set<String> engines = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--fail-below" -> failBelow = ratioArg(value(args, ++i, "--fail-below"));
                case "--engines" -> engines = Set.copyOf(Arrays.stream(value(args, ++i, "--engines").split(",")).map(String::trim).toList());
                default -> {
                    if (args[i].startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + args[i] + "; " + USAGE_LINE);
                    }
                    positional.add(args[i]);
                }
            }
        }
        if (positional.size() != 2) {
            throw new IllegalArgumentException("expected two directories, got " + positional.size() + "; " + USAGE_LINE);
        }
        return new Options(Path.of(positional.get(0)), Path.of(positional.get(1)), failBelow, engines);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value; " + USAGE_LINE);
        }
        return args[i];
    }

    private static double ratioArg(String s) {
        try {
            double r = Double.parseDouble(s);
            if (r > 0 && Double.isFinite(r)) {
                return r;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--fail-below needs a positive number such as 0.95, not '" + s + "'");
    }

    /** DIR/results.csv, or an IllegalArgumentException naming what is missing or malformed. */
    static List<ResultsCsv.Row> load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no such directory: " + dir);
        }
        Path csv = dir.resolve("results.csv");
        if (!Files.isRegularFile(csv)) {
            throw new IllegalArgumentException("no results.csv in " + dir + " (" + csv + ")");
        }
        try {
            return ResultsCsv.read(csv);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + csv + ": " + e.getMessage());
        }
    }

    private static List<ResultsCsv.Row> filter(List<ResultsCsv.Row> rows, Set<String> engines) {
        return engines == null ? rows : rows.stream().filter(r -> engines.contains(r.engine())).toList();
    }

    /** The rows present in both runs, in the new run's order. */
    static List<Change> changes(List<ResultsCsv.Row> old, List<ResultsCsv.Row> now) {
        Map<String, ResultsCsv.Row> byKey = byKey(old);
        List<Change> changes = new ArrayList<>();
        for (ResultsCsv.Row n : byKey(now).values()) {
            ResultsCsv.Row o = byKey.get(n.key());
            if (o != null) {
                changes.add(new Change(o, n, Summary.oriented(n.median(), o.median(), n.higherIsBetter()), verdict(o, n)));
            }
        }
        return changes;
    }

    /** "better" or "worse" when the ranges do not overlap, "noise" when they do. */
    static String verdict(ResultsCsv.Row old, ResultsCsv.Row now) {
        if (now.overlaps(old)) {
            return "noise";
        }
        boolean better = now.higherIsBetter() ? now.min() > old.max() : now.max() < old.min();
        return better ? "better" : "worse";
    }

    private static Map<String, ResultsCsv.Row> byKey(List<ResultsCsv.Row> rows) {
        Map<String, ResultsCsv.Row> m = new LinkedHashMap<>();
        rows.forEach(r -> m.put(r.key(), r));
        return m;
    }

    static String markdown(Options o, List<Change> changes, List<ResultsCsv.Row> old, List<ResultsCsv.Row> now) {
        StringBuilder md = new StringBuilder();
        md.append("# Bench compare: ").append(o.oldDir()).append(" -> ").append(o.newDir()).append("\n\n");
        md.append("Ratio: new/old for higher-is-better rows, old/new for lower-is-better rows, so above 1 is better. "
                + "Verdict: better or worse when the two runs' [min-max] ranges do not overlap (the change is outside "
                + "both spreads), noise when they overlap.\n\n");
        md.append("| workload | metric | engine | old median [min-max] | new median [min-max] | ratio (>1 = better) | verdict |\n");
        md.append("|---|---|---|---:|---:|---:|---|\n");
        for (Change c : changes) {
            md.append("| ").append(c.now().workload()).append(" | ").append(c.now().metric()).append(" | ")
                    .append(c.now().engine()).append(" | ").append(cell(c.old())).append(" | ").append(cell(c.now()))
                    .append(" | ").append(Summary.ratio(c.ratio())).append(" | ").append(c.verdict()).append(" |\n");
        }
        only(md, "Only in " + o.oldDir(), old, byKey(now));
        only(md, "Only in " + o.newDir(), now, byKey(old));
        return md.toString();
    }

    private static String cell(ResultsCsv.Row r) {
        return Report.human(r.median()) + " [" + Report.human(r.min()) + "-" + Report.human(r.max()) + "] " + r.unit();
    }

    private static void only(StringBuilder md, String title, List<ResultsCsv.Row> rows, Map<String, ResultsCsv.Row> other) {
        List<ResultsCsv.Row> missing = rows.stream().filter(r -> !other.containsKey(r.key())).toList();
        if (!missing.isEmpty()) {
            md.append("\n").append(title).append(":\n\n");
            missing.forEach(r -> md.append("- ").append(r.key()).append('\n'));
        }
    }

    /** With --fail-below: lists the aetherdb regressions and returns 1 when there are any. */
    private static int failures(Options o, List<Change> changes, PrintStream out, PrintStream err) {
        if (Double.isNaN(o.failBelow())) {
            return OK;
        }
        List<Change> bad = changes.stream().filter(c -> c.regressionBelow(o.failBelow())).toList();
        if (bad.isEmpty()) {
            out.println("\nNo aetherdb row is worse than " + o.failBelow() + " outside the spreads.");
            return OK;
        }
        out.println("\nRegressions (aetherdb, ratio below " + o.failBelow() + ", outside the spreads):\n");
        bad.forEach(c -> out.println("- " + c.now().workload() + " " + c.now().metric() + ": " + Summary.ratio(c.ratio())
                + " (" + cell(c.old()) + " -> " + cell(c.now()) + ")"));
        err.println("compare: " + bad.size() + " aetherdb row(s) regressed below " + o.failBelow());
        return REGRESSION;
    }
}
