package org.aetherdb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compare: the table, the verdicts, --fail-below and the usage errors, on two small results.csv. */
class CompareTest {
    static final String HEADER = String.join(",", ResultsCsv.LEADING) + ",durability_mode,notes\n";
    static final String OLD = HEADER
            + "random_write_4k_sync,ops_per_s,ops/s,true,aetherdb,1000,950,1050,3,sync,\"a, b\"\n"
            + "random_write_4k_sync,ops_per_s,ops/s,true,rocksdb,2000,1900,2100,3,sync,x\n"
            + "point_lookup,p99_us,us,false,aetherdb,10,9,11,3,nosync,x\n"
            + "point_lookup,p99_us,us,false,rocksdb,10,9,11,3,nosync,x\n"
            + "seq_read_1m,MB_per_s,MB/s,true,aetherdb,500,400,600,3,nosync,x\n"
            + "idle_memory,rss_mib,MiB,false,aetherdb,50,50,50,1,nosync,gone\n";

    @TempDir
    Path tmp;

    @Test
    void tableRatiosAndVerdicts() throws Exception {
        // aetherdb writes 1.2x better (outside spreads), lookups 2x worse (lower is better: old/new = 0.5),
        // seq read slightly lower but within the spread; rocksdb lookups better; a new row appears
        Result r = compare(OLD, HEADER
                + "random_write_4k_sync,ops_per_s,ops/s,true,aetherdb,1200,1100,1300,3,sync,x\n"
                + "random_write_4k_sync,ops_per_s,ops/s,true,rocksdb,2000,1950,2050,3,sync,x\n"
                + "point_lookup,p99_us,us,false,aetherdb,20,19,21,3,nosync,x\n"
                + "point_lookup,p99_us,us,false,rocksdb,5,4,6,3,nosync,x\n"
                + "seq_read_1m,MB_per_s,MB/s,true,aetherdb,450,420,560,3,nosync,x\n"
                + "scale_100000,write_ops_per_s,ops/s,true,aetherdb,1,1,1,1,nosync,new\n");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("old/new for lower-is-better rows, so above 1 is better"), r.out());
        assertTrue(r.out().contains("| random_write_4k_sync | ops_per_s | aetherdb | 1000 [950-1050] ops/s | 1200 [1100-1300] ops/s | 1.20 | better |"), r.out());
        assertTrue(r.out().contains("| random_write_4k_sync | ops_per_s | rocksdb | 2000 [1900-2100] ops/s | 2000 [1950-2050] ops/s | 1.00 | noise |"), r.out());
        assertTrue(r.out().contains("| point_lookup | p99_us | aetherdb | 10.00 [9.00-11.00] us | 20.00 [19.00-21.00] us | 0.50 | worse |"), r.out());
        assertTrue(r.out().contains("| point_lookup | p99_us | rocksdb | 10.00 [9.00-11.00] us | 5.00 [4.00-6.00] us | 2.00 | better |"), r.out());
        assertTrue(r.out().contains("| seq_read_1m | MB_per_s | aetherdb | 500 [400-600] MB/s | 450 [420-560] MB/s | 0.90 | noise |"), r.out());
        assertTrue(r.out().contains(":\n\n- idle_memory | rss_mib | aetherdb\n"), r.out());
        assertTrue(r.out().contains(":\n\n- scale_100000 | write_ops_per_s | aetherdb\n"), r.out());
    }

    @Test
    void failBelowExitsOneOnAnAetherdbRegressionOutsideTheSpreads() throws Exception {
        Result r = compare(OLD, OLD.replace("point_lookup,p99_us,us,false,aetherdb,10,9,11", "point_lookup,p99_us,us,false,aetherdb,20,19,21"),
                "--fail-below", "0.95");
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("- point_lookup p99_us: 0.50"), r.out());
        assertTrue(r.err().contains("1 aetherdb row(s) regressed below 0.95"), r.err());
    }

    @Test
    void failBelowExitsZeroWithinNoiseOrWhenOnlyAPeerRegressed() throws Exception {
        // aetherdb 10% slower but inside the spread
        Result noise = compare(OLD, OLD.replace("seq_read_1m,MB_per_s,MB/s,true,aetherdb,500,400,600", "seq_read_1m,MB_per_s,MB/s,true,aetherdb,450,420,560"),
                "--fail-below", "0.95");
        assertEquals(0, noise.exit(), noise.out() + noise.err());
        assertTrue(noise.out().contains("| 0.90 | noise |"), noise.out());
        // rocksdb halves, outside the spread: not ours
        Result peer = compare(OLD, OLD.replace("random_write_4k_sync,ops_per_s,ops/s,true,rocksdb,2000,1900,2100", "random_write_4k_sync,ops_per_s,ops/s,true,rocksdb,1000,950,1050"),
                "--fail-below", "0.95");
        assertEquals(0, peer.exit(), peer.out() + peer.err());
        assertTrue(peer.out().contains("| 0.50 | worse |"), peer.out());
        // worse outside the spreads but above the threshold
        Result mild = compare(OLD, OLD.replace("point_lookup,p99_us,us,false,aetherdb,10,9,11", "point_lookup,p99_us,us,false,aetherdb,11.5,11.2,11.8"),
                "--fail-below", "0.85");
        assertEquals(0, mild.exit(), mild.out() + mild.err());
    }

    @Test
    void enginesFilterTheRows() throws Exception {
        Result r = compare(OLD, OLD, "--engines", "rocksdb");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("| rocksdb |"), r.out());
        assertFalse(r.out().contains("| aetherdb |"), r.out());
    }

    @Test
    void usageErrorsExitTwoWithOneLine() throws Exception {
        Path old = dir("old", OLD);
        Path missing = tmp.resolve("nope");
        Result r = run(old.toString(), missing.toString());
        assertEquals(2, r.exit());
        assertEquals("compare: no such directory: " + missing + "\n", r.err());
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertEquals(2, run(old.toString(), empty.toString()).exit());
        assertTrue(run(old.toString(), empty.toString()).err().contains("no results.csv in " + empty), "names the path");
        assertEquals(2, run(old.toString()).exit());
        assertEquals(2, run(old.toString(), old.toString(), "--fail-below", "abc").exit());
        assertEquals(2, run(old.toString(), old.toString(), "--bogus").exit());
        Path bad = dir("bad", "workload,metric\n");
        Result b = run(old.toString(), bad.toString());
        assertEquals(2, b.exit());
        assertTrue(b.err().contains(bad.resolve("results.csv") + ":1: bad header"), b.err());
    }

    record Result(int exit, String out, String err) {}

    private Result compare(String oldCsv, String newCsv, String... options) throws Exception {
        String[] args = new String[options.length + 2];
        args[0] = dir("old", oldCsv).toString();
        args[1] = dir("new", newCsv).toString();
        System.arraycopy(options, 0, args, 2, options.length);
        return run(args);
    }

    private Path dir(String name, String csv) throws Exception {
        Path d = Files.createDirectories(tmp.resolve(name));
        Files.writeString(d.resolve("results.csv"), csv);
        return d;
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Compare.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
