package org.aetherdb.bench.ycsb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import site.ycsb.ByteArrayByteIterator;
import site.ycsb.ByteIterator;

/** YCSB's own client through the binding, tiny: the phases run, report, and no operation fails. Never timings. */
class YcsbSmokeTest {
    @Test
    void loadAndWorkloadsAandEOnAetherDB(@TempDir Path dir) throws Exception {
        List<String> flags = List.of("-XX:+EnableDynamicAgentLoading", "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow");
        // run() throws when YCSB exits non-zero, prints no figures, or reports a failed operation
        List<YcsbRunner.Result> rs = YcsbRunner.run("aetherdb", false, YcsbRunner.Size.of("tiny"), List.of("a", "e"),
                dir.resolve("db"), flags);
        Map<String, Double> byKey = new HashMap<>();
        for (YcsbRunner.Result r : rs) {
            byKey.put(r.workload() + "/" + r.metric(), r.value());
        }
        for (String k : List.of("ycsb_load/throughput", "ycsb_a/throughput", "ycsb_a/read_p99_us",
                "ycsb_a/update_p99_us", "ycsb_e/throughput", "ycsb_e/scan_p99_us", "ycsb_e/insert_p50_us")) {
            assertTrue(byKey.containsKey(k), "missing " + k + " in " + byKey.keySet());
            assertTrue(byKey.get(k) > 0, k + " = " + byKey.get(k));
        }
    }

    @Test
    void recordRoundTripsAndRejectsGarbage() {
        Map<String, ByteIterator> fields = new HashMap<>();
        fields.put("field0", new ByteArrayByteIterator(new byte[] {1, 2, 3}));
        fields.put("field1", new ByteArrayByteIterator(new byte[0]));
        byte[] rec = YcsbRecord.encode(fields);
        Map<String, ByteIterator> back = YcsbRecord.decode(rec, null);
        assertEquals(2, back.size());
        assertEquals(3, back.get("field0").toArray().length);
        assertEquals(1, YcsbRecord.decode(rec, java.util.Set.of("field1")).size());
        for (int cut = 0; cut < rec.length; cut++) {
            byte[] shorter = java.util.Arrays.copyOf(rec, cut);
            org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> YcsbRecord.decode(shorter, null));
        }
    }
}
