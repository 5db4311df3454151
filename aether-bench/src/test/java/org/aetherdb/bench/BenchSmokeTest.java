package org.aetherdb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.aetherdb.bench.engine.TxnEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the whole bench at tiny scale, all six engines, all workloads, both durabilities; checks the files, never the timings. */
class BenchSmokeTest {
    private static final List<String> ENGINES = List.of("aetherdb", "rocksdb", "lmdb", "xodus", "mvstore", "je");
    private static final List<String> ALL_ENGINES = List.of("aetherdb", "rocksdb", "lmdb", "xodus", "mvstore", "je", "lmdb-writemap");

    private static Map<String, List<String>> expected() {
        Map<String, List<String>> m = new HashMap<>(TABLE);
        for (int keys : ScaleWorkload.stages(Scale.of("tiny"))) {
            m.put(ScaleWorkload.workload(keys), List.of("write_ops_per_s", "read_ops_per_s", "lookup_p50_us", "lookup_p99_us"));
        }
        return m;
    }

    /** The table's workload -> metrics every engine must report (txn: aetherdb and rocksdb only). */
    private static final Map<String, List<String>> TABLE = Map.ofEntries(
            Map.entry("txn_commits_sync", txnMetrics()),
            Map.entry("txn_commits_nosync", txnMetrics()),
            Map.entry("random_write_4k_sync", writeMetrics("ops_per_s", true)),
            Map.entry("random_write_4k_nosync", writeMetrics("ops_per_s", false)),
            Map.entry("random_read_4k", List.of("ops_per_s_1t", "ops_per_s_2t")),
            Map.entry("random_read_4k_cold", List.of("ops_per_s")),
            Map.entry("seq_write_1m_sync", writeMetrics("mb_per_s", true)),
            Map.entry("seq_write_1m_nosync", writeMetrics("mb_per_s", false)),
            Map.entry("space_4k", List.of("space_amp_load", "space_amp_churn", "churn_ops_per_s", "write_amp_churn")),
            Map.entry("mixed_4w_4r_nosync", List.of("write_ops_per_s", "read_ops_per_s", "read_p99_us")),
            Map.entry("compressible_4k_nosync", List.of("write_ops_per_s", "read_ops_per_s", "space_amp")),
            Map.entry("seq_read_1m", List.of("mb_per_s")),
            Map.entry("point_lookup", List.of("p50_us", "p99_us", "p999_us")),
            Map.entry("range_scan_100", List.of("p50_us", "p99_us")),
            Map.entry("idle_memory", List.of("rss_mib")));

    /** The metrics of a write row: throughput, put latency, close time, write amp; fsyncs per commit in the sync rows (strace). */
    private static List<String> writeMetrics(String throughput, boolean sync) {
        List<String> m = new java.util.ArrayList<>(List.of(throughput, "p50_us", "p99_us", "p999_us", "close_s", "write_amp"));
        if (sync && BenchMain.straceAvailable()) {
            m.add("fsyncs_per_commit");
        }
        return m;
    }

    /** The LMDB variant with MDB_WRITEMAP runs the no-fsync write rows only. */
    private static boolean runs(String engine, String workload) {
        if (engine.equals("lmdb-writemap")) {
            return workload.equals("random_write_4k_nosync") || workload.equals("seq_write_1m_nosync");
        }
        return workload.startsWith("txn_") ? TxnEngine.ENGINES.contains(engine) : ENGINES.contains(engine);
    }

    /** workload -> metrics: the table's rows plus the scale stages of tiny. */
    private static final Map<String, List<String>> EXPECTED = expected();

    private static List<String> txnMetrics() {
        List<String> m = new java.util.ArrayList<>();
        for (String iso : List.of("serializable", "snapshot")) {
            for (int t : TxnGroup.TXN_THREADS) {
                m.add(iso + "_" + t + "t");
            }
        }
        return m;
    }

    @Test
    void tinyRunWritesARowPerEngineWorkloadAndMetric(@TempDir Path out) throws Exception {
        int code = BenchMain.run(new String[] {"--engines", String.join(",", ENGINES), "--scale", "tiny",
                "--durability", "both", "--out", out.toString()});
        assertEquals(0, code, "bench exit code");

        List<String> lines = Files.readAllLines(out.resolve("results.csv"));
        assertTrue(lines.get(0).startsWith("workload,metric,unit,higher_is_better,engine,median,min,max,runs,"), lines.get(0));
        Map<String, Integer> seen = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", 10);
            String key = f[0] + "/" + f[1] + "/" + f[4];
            assertEquals(null, seen.put(key, 1), "duplicate row " + key);
            assertTrue(runs(f[4], f[0]), line);
            assertTrue(EXPECTED.containsKey(f[0]) && EXPECTED.get(f[0]).contains(f[1]), "unexpected row " + line);
            for (int i = 5; i <= 7; i++) {
                double v = Double.parseDouble(f[i]);
                assertTrue(v > 0 && Double.isFinite(v), "not a positive number in column " + i + ": " + line);
            }
            assertEquals("1", f[8], line); // tiny: one run per cell
        }
        int expectedRows = 0;
        for (Map.Entry<String, List<String>> e : EXPECTED.entrySet()) {
            for (String engine : ALL_ENGINES) {
                if (runs(engine, e.getKey())) {
                    expectedRows += e.getValue().size();
                }
            }
        }
        assertEquals(expectedRows, seen.size(), "rows: " + seen.keySet());

        String md = Files.readString(out.resolve("results.md"));
        assertTrue(md.contains("| aetherdb/rocksdb | aetherdb/best peer |"), md);
        assertTrue(md.contains("## Transactions, sync") && md.contains("fsync limit (4 KiB, preallocated file)"), md);
        assertTrue(md.contains("- git commit (at the start of the run): "), "provenance in results.md");
        assertTrue(md.contains("## Seeds"), "seeds in results.md");
        for (String chart : List.of("throughput", "latency", "transactions_sync", "transactions_nosync", "scale_throughput", "scale_latency")) {
            assertTrue(Files.size(out.resolve(chart + ".png")) > 1000, chart);
            assertTrue(md.contains("(" + chart + ".png)"), "results.md links " + chart);
        }
        List<String> limits = Files.readAllLines(out.resolve("limits.csv"));
        assertTrue(limits.stream().anyMatch(l -> l.contains(",fsync_4k_preallocated,")), limits.toString());
        for (String l : limits.subList(1, limits.size())) {
            assertTrue(Integer.parseInt(l.split(",")[8]) >= 3, "each limit measured before, between and after the groups: " + l);
        }
    }
}
