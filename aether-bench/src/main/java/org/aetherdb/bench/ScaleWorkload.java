package org.aetherdb.bench;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.aetherdb.bench.engine.KvEngine;

/**
 * Scale: how throughput and latency change as the database grows. One child JVM per engine loads
 * small pairs (16 B scrambled key, 100 B value) in stages ({@link #stages(Scale)}: 10^5 and 5x10^5
 * keys at small, 10^5 and 10^6 at medium, plus 10^7 at large; 5x10^3 and 1.5x10^4 at tiny, with a 1 MiB cache) and after each stage measures,
 * {@link Scale#runs()} times: random overwrites (one put = one commit, without fsync, ops/s), then
 * uniformly random gets (each timed: ops/s, p50 and p99 µs). The engine's own cache budget is
 * fixed at {@link #cacheBytes(Scale)} for the whole group, so the later stages hold a database
 * several times larger than the cache (the result files say by how much). Rows:
 * {@code scale_<keys>} with metrics {@code write_ops_per_s}, {@code read_ops_per_s},
 * {@code lookup_p50_us}, {@code lookup_p99_us}.
 */
final class ScaleWorkload {
    static final int VALUE = 100;

    private ScaleWorkload() {}

    static List<Integer> stages(Scale s) {
        return switch (s.name()) {
            case "tiny" -> List.of(5_000, 15_000);
            // small: 5 x 10^5 instead of 10^6 (Xodus alone loaded 10^6 keys for 2.5 minutes), with half the cache
            // so that the larger stage is still 3.4x the cache; medium and large have the 10^6 stage
            case "small" -> List.of(100_000, 500_000);
            case "large" -> List.of(100_000, 1_000_000, 10_000_000);
            default -> List.of(100_000, 1_000_000);
        };
    }

    /** The cache budget of the scale group: below the raw size of the larger stages. */
    static long cacheBytes(Scale s) {
        return switch (s.name()) {
            case "tiny" -> 1L << 20;
            case "small" -> 16L << 20;
            default -> 32L << 20;
        };
    }

    static int writeOps(Scale s) {
        return switch (s.name()) {
            case "tiny" -> 500;
            case "small" -> 3_000;
            case "medium" -> 10_000;
            default -> 20_000;
        };
    }

    static int readOps(Scale s) {
        return switch (s.name()) {
            case "tiny" -> 5_000;
            case "small" -> 30_000;
            case "medium" -> 100_000;
            default -> 200_000;
        };
    }

    static String workload(int keys) {
        return "scale_" + keys;
    }

    static double keysOf(String workload) {
        return Double.parseDouble(workload.substring("scale_".length()));
    }

    /** Raw bytes of keys and values at a stage (what "larger than the cache" is measured against). */
    static long rawBytes(int keys) {
        return (long) keys * (BenchChild.KEY_LEN + VALUE);
    }

    static String describe(Scale s) {
        StringBuilder b = new StringBuilder("scale: cache " + (cacheBytes(s) >> 20) + " MiB; stages");
        for (int k : stages(s)) {
            b.append(' ').append(k).append(" keys (").append(rawBytes(k) >> 20).append(" MiB raw, ")
                    .append(String.format(java.util.Locale.ROOT, "%.1f", (double) rawBytes(k) / cacheBytes(s))).append("x cache)");
        }
        return b.append("; ").append(writeOps(s)).append(" puts + ").append(readOps(s)).append(" gets per run").toString();
    }

    /** Runs the stages on an open engine; results go to stdout via {@link BenchChild#emit}. */
    static void run(KvEngine e, Scale s, java.util.function.Consumer<String> progress, String engine) {
        Values vals = new Values(VALUE, 4096, BenchChild.VALUE_SEED);
        int loaded = 0;
        for (int keys : stages(s)) {
            for (int i = loaded; i < keys; i += 10_000) {
                int m = Math.min(10_000, keys - i);
                byte[][] ks = new byte[m][];
                byte[][] vs = new byte[m][];
                for (int j = 0; j < m; j++) {
                    ks[j] = BenchChild.randomKey(i + j, 0x5ca1e);
                    vs[j] = vals.of(ks[j]);
                }
                e.putBatch(ks, vs);
            }
            e.settle();
            loaded = keys;
            progress.accept("scale: loaded " + keys + " keys");
            String wl = workload(keys);
            for (int run = -1; run < s.runs(); run++) {
                SplittableRandom r = new SplittableRandom(BenchChild.seed(wl, 0, run, 0));
                int w = run < 0 ? writeOps(s) / 4 : writeOps(s);
                long t0 = System.nanoTime();
                for (int i = 0; i < w; i++) {
                    byte[] k = BenchChild.randomKey(r.nextInt(keys), 0x5ca1e);
                    e.put(k, vals.of(k));
                }
                double writes = w / ((System.nanoTime() - t0) / 1e9);
                int n = run < 0 ? readOps(s) / 4 : readOps(s);
                long[] lat = new long[n];
                long total = 0;
                for (int i = 0; i < n; i++) {
                    byte[] k = BenchChild.randomKey(r.nextInt(keys), 0x5ca1e);
                    long a = System.nanoTime();
                    byte[] v = e.get(k);
                    long d = System.nanoTime() - a;
                    lat[i] = d;
                    total += d;
                    vals.check(engine, "scale get at " + keys + " keys", k, v);
                }
                if (run < 0) {
                    continue;
                }
                Arrays.sort(lat);
                double p50 = lat[(int) Math.ceil(0.50 * n) - 1] / 1e3;
                double p99 = lat[(int) Math.ceil(0.99 * n) - 1] / 1e3;
                double reads = n / (total / 1e9);
                BenchChild.emit(wl, "write_ops_per_s", "ops/s", true, writes);
                BenchChild.emit(wl, "read_ops_per_s", "ops/s", true, reads);
                BenchChild.emit(wl, "lookup_p50_us", "us", false, p50);
                BenchChild.emit(wl, "lookup_p99_us", "us", false, p99);
                progress.accept(String.format(java.util.Locale.ROOT, "%s run %d: %.0f puts/s, %.0f gets/s, p50 %.2f p99 %.2f us",
                        wl, run + 1, writes, reads, p50, p99));
            }
        }
    }
}
