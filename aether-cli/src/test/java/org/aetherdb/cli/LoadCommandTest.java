package org.aetherdb.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadCommandTest {
    @TempDir
    Path tmp;

    private Path file(String content) throws IOException {
        return Files.writeString(tmp.resolve("input.tsv"), content, StandardCharsets.UTF_8);
    }

    @Test
    void loadsTextLinesInBatchesAndPrintsASummary() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 250; i++) {
            sb.append(String.format("key%04d\tvalue %d%n", i, i));
        }
        String db = tmp.resolve("db").toString();
        Cli.Result r = Cli.run("load", "--batch", "100", db, file(sb.toString()).toString()).ok();
        assertTrue(r.out().matches("loaded 250 entries in [0-9.]+ s \\([0-9]+ entries/s\\)\\n"), r.out());
        assertEquals(250, Cli.run("scan", db, "--keys-only").ok().lines().length);
        assertEquals("value 249\n", Cli.run("get", db, "key0249").ok().out());
    }

    @Test
    void textFormatReadsTheEscapesScanPrints() throws IOException {
        Path src = tmp.resolve("src");
        Cli.run("put", "--hex", src.toString(), "6b0901", "0a5cfe00").ok();
        Cli.run("put", src.toString(), "plain", "value with\ttab and spaces").ok();
        Path dump = Files.writeString(tmp.resolve("dump.tsv"), Cli.run("scan", src.toString()).ok().out());
        String dst = tmp.resolve("dst").toString();
        Cli.run("load", dst, dump.toString()).ok();
        assertEquals(Cli.run("scan", "--hex", src.toString()).out(), Cli.run("scan", "--hex", dst).ok().out());
    }

    @Test
    void hexFormatFromStdin() {
        String db = tmp.resolve("db").toString();
        Cli.Result r = Cli.runWithInput("00ff\t0102\r\n\n6b\t\n", "load", "--format", "hex", db, "-").ok();
        assertTrue(r.out().startsWith("loaded 2 entries"), r.out());
        assertArrayEquals(new String[] {"00ff\t0102", "6b\t"}, Cli.run("scan", "--hex", db).ok().lines());
    }

    @Test
    void malformedLineStopsWithExitTwoAfterCommittingTheLinesBeforeIt() throws IOException {
        String db = tmp.resolve("db").toString();
        Path input = file("a\t1\nb\t2\nc\t3\nno tab here\nd\t4\n");
        Cli.Result r = Cli.run("load", "--batch", "2", db, input.toString()).noStackTrace();
        assertEquals(Exit.USAGE, r.exit());
        assertTrue(r.err().contains("line 4: no TAB between key and value"), r.err());
        assertTrue(r.err().contains("The 3 entries before line 4 were committed"), r.err());
        assertArrayEquals(new String[] {"a", "b", "c"}, Cli.run("scan", "--keys-only", db).ok().lines());
    }

    @Test
    void skipBadReportsAndSkipsMalformedLines() throws IOException {
        String db = tmp.resolve("db").toString();
        Path input = file("a\t1\n\tempty key\nb\t\\q bad escape\nc\t3\n");
        Cli.Result r = Cli.run("load", "--skip-bad", db, input.toString()).ok();
        assertTrue(r.err().contains("line 2 skipped: empty key"), r.err());
        assertTrue(r.err().contains("line 3 skipped: value: unknown escape \\q"), r.err());
        assertTrue(r.out().startsWith("loaded 2 entries") && r.out().contains("skipped 2 malformed lines"), r.out());
        assertArrayEquals(new String[] {"a\t1", "c\t3"}, Cli.run("scan", db).ok().lines());
    }

    @Test
    void badHexLineNamesTheSide() {
        String db = tmp.resolve("db").toString();
        Cli.Result r = Cli.runWithInput("0g\t00\n", "load", "--format", "hex", db, "-");
        assertEquals(Exit.USAGE, r.exit());
        assertTrue(r.err().contains("line 1: key: invalid hex"), r.err());
    }

    @Test
    void missingFileIsAUsageErrorAndCreatesNoDatabase() {
        Path db = tmp.resolve("db");
        Cli.Result r = Cli.run("load", db.toString(), tmp.resolve("no-such.tsv").toString()).noStackTrace();
        assertEquals(Exit.USAGE, r.exit());
        assertTrue(r.err().contains("no such file"), r.err());
        assertEquals(false, Files.exists(db));
        assertEquals(Exit.USAGE, Cli.run("load", "--batch", "0", db.toString(), "-").exit());
    }

    @Test
    void progressBarGoesToStderrWhenAsked() throws IOException {
        String db = tmp.resolve("db").toString();
        Cli.Result r = Cli.run("load", "--progress", db, file("a\t1\n").toString()).ok();
        assertTrue(r.err().contains("load"), r.err());
        assertTrue(r.out().startsWith("loaded 1 entry "), r.out());
    }
}
