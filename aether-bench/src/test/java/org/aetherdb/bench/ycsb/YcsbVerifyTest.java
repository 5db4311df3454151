package org.aetherdb.bench.ycsb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.aetherdb.bench.engine.KvEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import site.ycsb.ByteIterator;
import site.ycsb.StringByteIterator;

/**
 * YcsbRunner fails a phase whose reads return other bytes than were written (VERIFY errors), and
 * kills a child that hangs at the phase's timeout. Fake engines run in the YCSB child JVMs by class
 * name. Never timings.
 */
class YcsbVerifyTest {
    private static final List<String> FLAGS = List.of("-XX:+EnableDynamicAgentLoading", "-XX:TieredStopAtLevel=1");
    private static final YcsbRunner.Size SMALL = new YcsbRunner.Size(300, 300, 2, 16L << 20, "256m", 60);

    @Test
    @Timeout(60)
    void honestEnginePassesReadsAndReadModifyWrites(@TempDir Path dir) throws Exception {
        List<YcsbRunner.Result> rs = YcsbRunner.run(MemEngine.class.getName(), false, SMALL, List.of("c", "f"),
                dir.resolve("db"), FLAGS);
        assertTrue(rs.stream().anyMatch(r -> r.workload().equals("ycsb_f") && r.metric().equals("throughput")), rs::toString);
        assertFalse(rs.stream().anyMatch(r -> r.metric().startsWith("verify")), "VERIFY is not a figure");
    }

    @Test
    @Timeout(60)
    void corruptValuesFailThePhase(@TempDir Path dir) {
        String engine = CorruptingEngine.class.getName();
        IOException e = assertThrows(IOException.class,
                () -> YcsbRunner.run(engine, false, SMALL, List.of("c"), dir.resolve("db"), FLAGS));
        String m = e.getMessage();
        assertTrue(m.contains(engine) && m.contains("ycsb_c") && m.contains("VERIFY")
                && m.contains("UNEXPECTED_STATE=3"), m);
    }

    @Test
    @Timeout(60)
    void hangingChildIsKilledAtItsTimeout(@TempDir Path dir) {
        long t0 = System.nanoTime();
        IOException e = assertThrows(IOException.class, () -> YcsbRunner.run(HangingEngine.class.getName(), false,
                SMALL.withTimeout(5), List.of("c"), dir.resolve("db"), FLAGS));
        long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
        assertTrue(e.getMessage().contains("timeout after 5 s"), e.getMessage());
        assertTrue(seconds < 15, seconds + " s");
        assertEquals(0, ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(h -> h.info().commandLine().orElse("").contains("site.ycsb.Client")).count(), "a YCSB child is alive");
    }

    @Test
    void returnCountsOtherThanOkOrUnverifiedReadsFail() throws IOException {
        List<String> ok = List.of("[READ], Operations, 10", "[READ], Return=OK, 10", "[VERIFY], Return=OK, 10");
        YcsbRunner.checkReturns("e", "ycsb_c", ok);
        for (List<String> bad : List.of(
                List.of("[READ], Return=OK, 10", "[VERIFY], Return=OK, 9", "[VERIFY], Return=UNEXPECTED_STATE, 1"),
                List.of("[READ], Return=OK, 9", "[READ], Return=NOT_FOUND, 1", "[VERIFY], Return=OK, 9", "[VERIFY], Return=ERROR, 1"),
                List.of("[READ], Return=OK, 10"),
                List.of("[SCAN], Return=OK, 9", "[SCAN], Return=ERROR, 1"))) {
            IOException e = assertThrows(IOException.class, () -> YcsbRunner.checkReturns("e", "ycsb_c", bad));
            assertTrue(e.getMessage().contains(" on e ") && e.getMessage().contains("ycsb_c"), e.getMessage());
        }
    }

    @Test
    void scanCheckComparesEveryRecordWithTheDeterministicValues() {
        Properties p = new Properties();
        p.setProperty("dataintegrity", "true");
        KvYcsbDB.ScanCheck c = KvYcsbDB.ScanCheck.of(p);
        List<byte[]> keys = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        for (String k : List.of("user1", "user2", "user3")) {
            Map<String, ByteIterator> fields = new LinkedHashMap<>();
            for (int i = 0; i < 10; i++) {
                fields.put("field" + i, new StringByteIterator(KvYcsbDB.ScanCheck.deterministic(k, "field" + i, 100)));
            }
            keys.add(("usertable:" + k).getBytes(StandardCharsets.UTF_8));
            values.add(YcsbRecord.encode(fields));
        }
        byte[] start = keys.get(0);
        assertTrue(c.verify(start, keys, values, 5));
        assertFalse(c.verify(start, keys, values, 2), "more pairs than asked for");
        assertFalse(c.verify(start, List.of(), List.of(), 5), "not even the start record");
        List<byte[]> flipped = new ArrayList<>(values);
        byte[] bad = values.get(1).clone();
        bad[bad.length - 1] ^= 1;
        flipped.set(1, bad);
        assertFalse(c.verify(start, keys, flipped, 5), "one flipped byte");
        assertFalse(c.verify(start, List.of(keys.get(1), keys.get(0)), List.of(values.get(1), values.get(0)), 5), "out of order");
        assertFalse(c.verify(start, List.of(keys.get(0)), List.of(values.get(1)), 5), "another key's record");
    }
}
