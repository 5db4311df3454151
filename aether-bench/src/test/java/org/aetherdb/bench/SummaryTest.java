package org.aetherdb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Summary: lead, tie and trail against the best peer, the overlap rule, lower-is-better rows. */
class SummaryTest {
    static final String CSV = String.join(",", ResultsCsv.LEADING) + "\n"
            // higher is better, AetherDB trails lmdb (best peer), ranges apart
            + "random_write_4k_nosync,ops_per_s,ops/s,true,aetherdb,22800,22000,23000,3\n"
            + "random_write_4k_nosync,ops_per_s,ops/s,true,rocksdb,50000,49000,51000,3\n"
            + "random_write_4k_nosync,ops_per_s,ops/s,true,lmdb,75500,75000,76000,3\n"
            // higher is better, AetherDB leads, ranges apart
            + "seq_read_1m,MB_per_s,MB/s,true,aetherdb,2000,1900,2100,3\n"
            + "seq_read_1m,MB_per_s,MB/s,true,je,1000,990,1010,3\n"
            // higher is better, AetherDB's median lower but the ranges overlap: tie
            + "random_read_4k,ops_per_s_1t,ops/s,true,aetherdb,900,800,1000,3\n"
            + "random_read_4k,ops_per_s_1t,ops/s,true,xodus,1000,990,1100,3\n"
            // lower is better: AetherDB's 2 us beats the best (lowest) peer's 4 us, ranges apart: lead, ratio 4/2 = 2
            + "point_lookup,p99_us,us,false,aetherdb,2,1.5,2.5,3\n"
            + "point_lookup,p99_us,us,false,rocksdb,8,7,9,3\n"
            + "point_lookup,p99_us,us,false,lmdb-writemap,4,3,5,3\n"
            // lower is better: AetherDB slower, apart: trail, ratio 1/3
            + "range_scan_100,p50_us,us,false,aetherdb,30,29,31,3\n"
            + "range_scan_100,p50_us,us,false,mvstore,10,9,11,3\n"
            // skipped: no aetherdb; no peer
            + "idle_memory,rss_mib,MiB,false,rocksdb,10,10,10,1\n"
            + "txn_commits_sync,serializable_1t,commits/s,true,aetherdb,100,90,110,3\n";

    @Test
    void classifiesAgainstTheBestPeer() {
        List<Summary.Line> lines = Summary.compare(ResultsCsv.parse(CSV, "t.csv"));
        assertEquals(5, lines.size());
        assertLine(lines.get(0), "lmdb", Summary.Verdict.TRAILS, 22800.0 / 75500);
        assertLine(lines.get(1), "je", Summary.Verdict.LEADS, 2.0);
        assertLine(lines.get(2), "xodus", Summary.Verdict.TIES, 0.9);
        assertLine(lines.get(3), "lmdb-writemap", Summary.Verdict.LEADS, 2.0);
        assertLine(lines.get(4), "mvstore", Summary.Verdict.TRAILS, 1.0 / 3);
    }

    @Test
    void theOverlapRuleDecidesTies() {
        String head = String.join(",", ResultsCsv.LEADING) + "\n";
        // touching ranges overlap: a tie even though the medians differ by 2x
        List<Summary.Line> touch = Summary.compare(ResultsCsv.parse(head
                + "w,m,u,true,aetherdb,200,150,250,3\nw,m,u,true,rocksdb,100,50,150,3\n", "t.csv"));
        assertEquals(Summary.Verdict.TIES, touch.getFirst().verdict());
        List<Summary.Line> apart = Summary.compare(ResultsCsv.parse(head
                + "w,m,u,true,aetherdb,101,101,101,1\nw,m,u,true,rocksdb,100,100,100,1\n", "t.csv"));
        assertEquals(Summary.Verdict.LEADS, apart.getFirst().verdict());
    }

    @Test
    void markdownHasCountsRuleAndBullets() {
        String md = Summary.markdown(ResultsCsv.parse(CSV, "t.csv"));
        assertTrue(md.startsWith("AetherDB leads 2, ties 1, trails 2 of 5 rows.\n"), md);
        assertTrue(md.contains("overlaps the best peer's [min-max] range"), md);
        assertTrue(md.contains("so above 1 is always better for AetherDB"), md);
        String leads = between(md, "### Where AetherDB leads", "### Where it ties");
        String ties = between(md, "### Where it ties", "### Where it trails");
        String trails = md.substring(md.indexOf("### Where it trails"));
        assertTrue(trails.contains("- random_write_4k_nosync ops_per_s: 0.30x lmdb (22.8K vs 75.5K ops/s)\n"), md);
        assertTrue(trails.contains("- range_scan_100 p50_us: 0.33x mvstore (30.00 vs 10.00 us)\n"), md);
        assertTrue(leads.contains("- point_lookup p99_us: 2.00x lmdb-writemap (2.00 vs 4.00 us)\n"), md);
        assertTrue(leads.contains("- seq_read_1m MB_per_s: 2.00x je (2000 vs 1000 MB/s)\n"), md);
        assertTrue(ties.contains("- random_read_4k ops_per_s_1t: 0.90x xodus (900 vs 1000 ops/s)\n"), md);
        assertFalse(md.contains("idle_memory") || md.contains("txn_commits_sync"), md);
    }

    @Test
    void emptySectionsSayNone() {
        String md = Summary.markdown(List.of());
        assertTrue(md.startsWith("AetherDB leads 0, ties 0, trails 0 of 0 rows."), md);
        assertTrue(md.contains("### Where it ties\n\n- none\n"), md);
    }

    private static void assertLine(Summary.Line l, String peer, Summary.Verdict v, double ratio) {
        assertEquals(peer, l.peer().engine(), l.bullet());
        assertEquals(v, l.verdict(), l.bullet());
        assertEquals(ratio, l.ratio(), 1e-9, l.bullet());
    }

    private static String between(String s, String from, String to) {
        return s.substring(s.indexOf(from), s.indexOf(to));
    }
}
