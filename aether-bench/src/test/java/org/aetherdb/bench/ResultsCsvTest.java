package org.aetherdb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ResultsCsv: quoted fields, extra columns by name, and clear errors on a bad header or row. */
class ResultsCsvTest {
    static final String HEADER = "workload,metric,unit,higher_is_better,engine,median,min,max,runs,durability_mode,notes";

    @TempDir
    Path tmp;

    @Test
    void readsQuotedFieldsAndExtraColumns() throws Exception {
        Path f = tmp.resolve("results.csv");
        Files.writeString(f, HEADER + "\n"
                + "random_write_4k_sync,ops_per_s,ops/s,true,aetherdb,1765.5,1637.0,2677.25,3,sync,\"a, b \"\"c\"\"\nnext line\"\n"
                + "\n"
                + "point_lookup,p99_us,us,false,lmdb-writemap,2.5,2,3,3,nosync,plain\n");
        List<ResultsCsv.Row> rows = ResultsCsv.read(f);
        assertEquals(2, rows.size());
        ResultsCsv.Row a = rows.get(0);
        assertEquals("random_write_4k_sync", a.workload());
        assertEquals("ops_per_s", a.metric());
        assertEquals("ops/s", a.unit());
        assertTrue(a.higherIsBetter());
        assertEquals("aetherdb", a.engine());
        assertEquals(1765.5, a.median());
        assertEquals(1637.0, a.min());
        assertEquals(2677.25, a.max());
        assertEquals(3, a.runs());
        assertEquals("sync", a.durabilityMode());
        assertEquals("a, b \"c\"\nnext line", a.get("notes"));
        assertEquals("", a.get("no_such_column"));
        ResultsCsv.Row b = rows.get(1);
        assertFalse(b.higherIsBetter());
        assertEquals("lmdb-writemap", b.engine());
        assertEquals("plain", b.columns().get("notes"));
    }

    @Test
    void theNineLeadingColumnsAloneAreEnough() {
        List<ResultsCsv.Row> rows = ResultsCsv.parse(String.join(",", ResultsCsv.LEADING) + "\r\nw,m,u,true,machine,1,1,1,1\r\n", "limits.csv");
        assertEquals(1, rows.size());
        assertEquals("", rows.getFirst().durabilityMode());
    }

    @Test
    void aBadHeaderIsRejectedNamingFileAndLine() {
        String bad = "workload,metric,unit,higher_is_better,engine,median,max,min,runs\nw,m,u,true,e,1,1,1,1\n";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResultsCsv.parse(bad, "old/results.csv"));
        assertTrue(e.getMessage().startsWith("old/results.csv:1: bad header"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ResultsCsv.parse("", "x.csv"));
        assertThrows(IllegalArgumentException.class, () -> ResultsCsv.parse("workload,metric\n", "x.csv"));
    }

    @Test
    void malformedRowsNameTheLine() {
        String head = HEADER + "\n";
        assertMessage(head + "w,m,u,true,e,1,1,1,1,sync,n\nw,m,u,maybe,e,1,1,1,1,sync,n\n", "f.csv:3: higher_is_better");
        assertMessage(head + "w,m,u,true,e,fast,1,1,1,sync,n\n", "f.csv:2: median is not a number");
        assertMessage(head + "w,m,u,true,e,1,1,1,3.5,sync,n\n", "f.csv:2: runs is not an integer");
        assertMessage(head + "w,m,u,true,e,1,1,1,1,sync\n", "f.csv:2: expected 11 fields");
        assertMessage(head + "w,m,u,true,e,1,1,1,1,sync,\"open\n", "f.csv:2: unterminated quoted field");
        assertMessage(head + "w,m,u,true,e,1,1,1,1,sync,\"a\"b\n", "f.csv:2: text after a closing quote");
        assertMessage(head + "w,m,u,true,e,1,1,1,1,sy\"nc,n\n", "f.csv:2: stray quote");
    }

    private static void assertMessage(String text, String prefix) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResultsCsv.parse(text, "f.csv"));
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
    }
}
