package org.aetherdb.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The markdown summary of one run: where AetherDB leads, ties and trails its best peer. Each
 * (workload, metric) row compares AetherDB with the best peer of that row (highest median when higher
 * is better, lowest otherwise; every engine other than {@code aetherdb} is a peer). A row is a tie when
 * the two [min, max] ranges overlap, a lead or a trail otherwise. Rows without AetherDB or without any
 * peer are skipped. {@code java -cp aether-bench/target/classes org.aetherdb.bench.Summary DIR/results.csv}
 * prints it.
 */
public final class Summary {
    static final String AETHERDB = "aetherdb";

    private Summary() {}

    /** How AetherDB's row compares with the best peer's. */
    enum Verdict { LEADS, TIES, TRAILS }

    /** One compared row: AetherDB's, the best peer's, the oriented ratio (above 1 = better) and the verdict. */
    record Line(ResultsCsv.Row aether, ResultsCsv.Row peer, double ratio, Verdict verdict) {
        String bullet() {
            return String.format(Locale.ROOT, "- %s %s: %sx %s (%s vs %s %s)", aether.workload(), aether.metric(), Summary.ratio(ratio),
                    peer.engine(), Report.human(aether.median()), Report.human(peer.median()), aether.unit());
        }
    }

    /** Prints the summary of the results.csv named by {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java -cp aether-bench/target/classes org.aetherdb.bench.Summary DIR/results.csv");
            System.exit(2);
        }
        System.out.print(markdown(Path.of(args[0])));
    }

    /** The summary of the results.csv at {@code resultsCsv}. */
    public static String markdown(Path resultsCsv) throws IOException {
        return markdown(ResultsCsv.read(resultsCsv));
    }

    /** The summary of {@code rows}: the counts, the rule, then the leads, ties and trails. */
    public static String markdown(List<ResultsCsv.Row> rows) {
        List<Line> lines = compare(rows);
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "AetherDB leads %d, ties %d, trails %d of %d rows.\n\n", count(lines, Verdict.LEADS),
                count(lines, Verdict.TIES), count(lines, Verdict.TRAILS), lines.size()));
        md.append("Each row compares AetherDB's median with the best peer's (the highest median when higher is better, "
                + "the lowest when lower is better). The ratio is AetherDB/peer for higher-is-better rows and peer/AetherDB "
                + "for lower-is-better rows, so above 1 is always better for AetherDB. A row is a tie when AetherDB's "
                + "[min-max] range over its runs overlaps the best peer's [min-max] range; it is a lead or a trail only "
                + "when the ranges do not overlap.\n\n");
        section(md, "Where AetherDB leads", lines, Verdict.LEADS);
        section(md, "Where it ties", lines, Verdict.TIES);
        section(md, "Where it trails", lines, Verdict.TRAILS);
        return md.toString();
    }

    /** One line per (workload, metric) that has an AetherDB row and at least one peer, in file order. */
    static List<Line> compare(List<ResultsCsv.Row> rows) {
        Map<String, Map<String, ResultsCsv.Row>> groups = new LinkedHashMap<>();
        for (ResultsCsv.Row r : rows) {
            groups.computeIfAbsent(r.workload() + " | " + r.metric(), k -> new LinkedHashMap<>()).put(r.engine(), r);
        }
        List<Line> lines = new ArrayList<>();
        for (Map<String, ResultsCsv.Row> byEngine : groups.values()) {
            ResultsCsv.Row a = byEngine.get(AETHERDB);
            ResultsCsv.Row peer = a == null ? null : bestPeer(byEngine.values(), a.higherIsBetter());
            if (peer != null) {
                lines.add(new Line(a, peer, oriented(a.median(), peer.median(), a.higherIsBetter()), verdict(a, peer)));
            }
        }
        return lines;
    }

    /** The peer with the best median, or null when there is none. */
    static ResultsCsv.Row bestPeer(Iterable<ResultsCsv.Row> rows, boolean higherIsBetter) {
        ResultsCsv.Row best = null;
        for (ResultsCsv.Row r : rows) {
            if (!r.engine().equals(AETHERDB)
                    && (best == null || (higherIsBetter ? r.median() > best.median() : r.median() < best.median()))) {
                best = r;
            }
        }
        return best;
    }

    /** {@code mine/theirs} when higher is better, {@code theirs/mine} otherwise: above 1 means mine is better. */
    static double oriented(double mine, double theirs, boolean higherIsBetter) {
        return higherIsBetter ? mine / theirs : theirs / mine;
    }

    static Verdict verdict(ResultsCsv.Row a, ResultsCsv.Row peer) {
        if (a.overlaps(peer)) {
            return Verdict.TIES;
        }
        boolean better = a.higherIsBetter() ? a.min() > peer.max() : a.max() < peer.min();
        return better ? Verdict.LEADS : Verdict.TRAILS;
    }

    /** A ratio with two decimals, or "-" when it is not a finite number (a zero median). */
    static String ratio(double r) {
        return Double.isFinite(r) ? String.format(Locale.ROOT, "%.2f", r) : "-";
    }

    private static long count(List<Line> lines, Verdict v) {
        return lines.stream().filter(l -> l.verdict() == v).count();
    }

    private static void section(StringBuilder md, String title, List<Line> lines, Verdict v) {
        md.append("### ").append(title).append("\n\n");
        List<Line> picked = lines.stream().filter(l -> l.verdict() == v).toList();
        if (picked.isEmpty()) {
            md.append("- none\n");
        }
        picked.forEach(l -> md.append(l.bullet()).append('\n'));
        md.append('\n');
    }
}
