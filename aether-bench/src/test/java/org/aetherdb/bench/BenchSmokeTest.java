package org.aetherdb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the whole bench at tiny scale, all engines, both durabilities; checks the files, never the timings. */
class BenchSmokeTest {
    /** workload -> metrics every engine must report. */
    private static final Map<String, List<String>> EXPECTED = Map.of(
            "random_write_4k_sync", List.of("ops_per_s"),
            "random_write_4k_nosync", List.of("ops_per_s"),
            "random_read_4k", List.of("ops_per_s_1t", "ops_per_s_2t"),
            "seq_write_1m_sync", List.of("mb_per_s"),
            "seq_write_1m_nosync", List.of("mb_per_s"),
            "seq_read_1m", List.of("mb_per_s"),
            "point_lookup", List.of("p50_us", "p99_us", "p999_us"),
            "range_scan_100", List.of("p50_us", "p99_us"),
            "idle_memory", List.of("rss_mib"));

    @Test
    void tinyRunWritesARowPerEngineWorkloadAndMetric(@TempDir Path out) throws Exception {
        int code = BenchMain.run(new String[] {"--engines", "aetherdb,rocksdb,lmdb", "--scale", "tiny",
                "--durability", "both", "--out", out.toString()});
        assertEquals(0, code, "bench exit code");

        List<String> lines = Files.readAllLines(out.resolve("results.csv"));
        assertTrue(lines.get(0).startsWith("workload,metric,unit,higher_is_better,engine,median,min,max,runs,"), lines.get(0));
        Map<String, Integer> seen = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", 10);
            String key = f[0] + "/" + f[1] + "/" + f[4];
            assertEquals(null, seen.put(key, 1), "duplicate row " + key);
            assertTrue(List.of("aetherdb", "rocksdb", "lmdb").contains(f[4]), line);
            assertTrue(EXPECTED.containsKey(f[0]) && EXPECTED.get(f[0]).contains(f[1]), "unexpected row " + line);
            for (int i = 5; i <= 7; i++) {
                double v = Double.parseDouble(f[i]);
                assertTrue(v > 0 && Double.isFinite(v), "not a positive number in column " + i + ": " + line);
            }
            assertEquals("1", f[8], line);
        }
        int expectedRows = 3 * EXPECTED.values().stream().mapToInt(List::size).sum();
        assertEquals(expectedRows, seen.size(), "rows: " + seen.keySet());

        String md = Files.readString(out.resolve("results.md"));
        assertTrue(md.contains("| aetherdb/rocksdb | aetherdb/best peer |"), md);
        assertTrue(Files.readAllLines(out.resolve("limits.csv")).size() > 1);
    }
}
