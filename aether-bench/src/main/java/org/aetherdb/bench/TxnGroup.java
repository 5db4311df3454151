package org.aetherdb.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.aetherdb.bench.engine.TxnEngine;

/**
 * Commits per second of read-one-write-one transactions (100 B values, uniformly random keys over
 * {@link Scale#txnKeys()}) with 1-16 committing threads, each isolation, for {@link
 * Scale#txnSeconds()} per cell; lost conflicts are retried by the next iteration and not counted
 * (their rate goes to stderr). Warm-up: every cell once at a quarter of the time. Each thread of
 * each cell draws from its own seed ({@link BenchChild#seed}).
 */
final class TxnGroup {
    static final int[] TXN_THREADS = {1, 2, 4, 8, 16};

    private final BenchChild c;

    TxnGroup(BenchChild c) {
        this.c = c;
    }

    void run() throws Exception {
        try (TxnEngine e = TxnEngine.create(c.engineName)) {
            e.open(c.work.resolve("txn"), c.settings);
            for (Map.Entry<String, String> s : e.describe().entrySet()) {
                System.out.println("S\t" + s.getKey() + "\t" + s.getValue().replace('\t', ' '));
            }
            int n = c.scale.txnKeys();
            byte[][] keys = new byte[n][];
            for (int i = 0; i < n; i++) {
                keys[i] = BenchChild.randomKey(i, 0x7a);
            }
            byte[] value = new Values(BenchChild.SMALL_VALUE, 1, BenchChild.VALUE_SEED).of(new byte[0]);
            e.load(keys, value);
            String wl = "txn_commits_" + c.durability;
            for (int run = -1; run < c.scale.runs(); run++) {
                double secs = run < 0 ? c.scale.txnSeconds() / 4 : c.scale.txnSeconds();
                for (String mode : new String[] {"serializable", "snapshot"}) {
                    for (int threads : TXN_THREADS) {
                        double[] r = cell(e, keys, value, mode, threads, secs, run);
                        if (run >= 0) {
                            BenchChild.emit(wl, mode + "_" + threads + "t", "commits/s", true, r[0]);
                            c.progress(String.format(java.util.Locale.ROOT, "%s %s %dt run %d: %.0f commits/s, %.0f conflicts/s",
                                    wl, mode, threads, run + 1, r[0], r[1]));
                        }
                    }
                }
            }
        }
    }

    private double[] cell(TxnEngine e, byte[][] keys, byte[] value, String mode, int threads, double seconds, int run)
            throws InterruptedException {
        long[] commits = new long[threads];
        long[] conflicts = new long[threads];
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        boolean serializable = mode.equals("serializable");
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            String stream = "txn_" + mode + "_" + threads + "t";
            SplittableRandom r = new SplittableRandom(BenchChild.seed(stream, c.round, run, id));
            ts.add(Thread.ofPlatform().start(() -> {
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
}
