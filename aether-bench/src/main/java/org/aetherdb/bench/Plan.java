package org.aetherdb.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The order of a benchmark run: one step per (group, durability, round, engine), workload-major so
 * that machine drift hits every engine alike, with the engine order rotated so that no engine
 * always runs first (or last): write groups run {@link Scale#writeRounds()} independent rounds (run
 * 1 of every engine, then run 2, ...), each round's order rotated by one more place; every other
 * group runs once per engine, its order rotated by the group's position in the plan.
 */
final class Plan {
    /** One child JVM (or, for idle and ycsb, one engine's sequence of them). */
    record Step(String group, String durability, int round, String engine) {}

    static final List<String> ROUND_GROUPS = List.of("randwrite", "seqwrite");
    static final List<String> EXTRAS = List.of("mixed", "space", "compress");

    private Plan() {}

    /** The (group, durability) pairs in order, before engines and rounds are laid out. */
    static List<String[]> groups(List<String> workloads, List<String> durabilities, int ycsbRuns, boolean strace) {
        String readMode = durabilities.contains("nosync") ? "nosync" : "sync";
        List<String[]> plan = new ArrayList<>();
        for (String w : workloads) {
            switch (w) {
                case "randwrite", "seqwrite", "txn" -> durabilities.forEach(d -> plan.add(new String[] {w, d}));
                case "randread", "seqread", "idle" -> plan.add(new String[] {w, readMode});
                // the three newer groups share one JVM per engine (each on its own fresh store, with its own warm-up)
                case "mixed", "space", "compress" -> {
                    String joined = String.join("+", workloads.stream().filter(EXTRAS::contains).toList());
                    if (w.equals(joined.split("\\+")[0])) {
                        plan.add(new String[] {joined, readMode});
                    }
                }
                case "lookup" -> plan.add(new String[] {workloads.contains("scan") ? "lookup+scan" : "lookup", readMode});
                case "scan" -> {
                    if (!workloads.contains("lookup")) {
                        plan.add(new String[] {"scan", readMode});
                    }
                }
                case "scale" -> plan.add(new String[] {"scale", "nosync"});
                // one plan entry per run, so the runs go round-robin over the engines
                case "ycsb" -> {
                    for (int r = 0; r < ycsbRuns; r++) {
                        plan.add(new String[] {"ycsb", readMode});
                    }
                }
                default -> throw new AssertionError(w);
            }
        }
        if (strace && durabilities.contains("sync") && (workloads.contains("randwrite") || workloads.contains("seqwrite"))) {
            plan.add(new String[] {"fsynccount", "sync"});
        }
        return plan;
    }

    /** Every step, engines rotated as the class comment says; {@code engines} gives each group's engine list. */
    static List<Step> steps(List<String[]> groups, java.util.function.Function<String[], List<String>> engines, int writeRounds) {
        List<Step> steps = new ArrayList<>();
        int position = 0;
        for (String[] g : groups) {
            List<String> es = engines.apply(g);
            int rounds = ROUND_GROUPS.contains(g[0]) ? writeRounds : 1;
            for (int r = 0; r < rounds; r++) {
                for (String e : rotate(es, position)) {
                    steps.add(new Step(g[0], g[1], r, e));
                }
                position++;
            }
        }
        return steps;
    }

    static List<String> rotate(List<String> list, int by) {
        if (list.isEmpty()) {
            return list;
        }
        int k = Math.floorMod(by, list.size());
        List<String> out = new ArrayList<>(list.subList(k, list.size()));
        out.addAll(list.subList(0, k));
        return out;
    }
}
