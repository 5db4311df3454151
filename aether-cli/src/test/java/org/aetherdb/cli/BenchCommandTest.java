package org.aetherdb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The `bench` command's own behaviour (the benchmark itself is exercised by aether-bench's
 * BenchSmokeTest): its help, and a clear usage error when no source checkout is found.
 */
class BenchCommandTest {
    @TempDir
    Path tmp;

    @Test
    void helpListsTheOptions() {
        Cli.Result r = Cli.run("bench", "--help");
        assertEquals(0, r.exit(), r.err());
        for (String option : new String[] {"--engines", "--workloads", "--scale", "--durability", "--out"}) {
            assertTrue(r.out().contains(option), "help mentions " + option + ":\n" + r.out());
        }
        for (String name : new String[] {"aetherdb", "rocksdb", "lmdb", "xodus", "mvstore", "je", "txn", "scale", "large"}) {
            assertTrue(r.out().contains(name), "help mentions " + name + ":\n" + r.out());
        }
    }

    @Test
    void aDirectoryThatIsNotACheckoutIsAUsageError() {
        Cli.Result r = Cli.run("bench", "--project", tmp.toString(), "--scale", "tiny");
        assertEquals(Exit.USAGE, r.exit(), r.err());
        assertTrue(r.err().contains("no AetherDB source checkout found"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace for a usage error:\n" + r.err());
    }

    @Test
    void helpListsTheCompareSubcommand() {
        Cli.Result r = Cli.run("bench", "--help");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("compare"), r.out());
    }

    @Test
    void compareHelpParses() {
        Cli.Result r = Cli.run("bench", "compare", "--help");
        assertEquals(0, r.exit(), r.err());
        for (String s : new String[] {"OLD_DIR", "NEW_DIR", "--fail-below", "--engines", "--project", "--no-build", "noise"}) {
            assertTrue(r.out().contains(s), "help mentions " + s + ":\n" + r.out());
        }
    }

    @Test
    void compareOfAMissingDirectoryIsAUsageErrorBeforeAnyBuild() throws Exception {
        Path missing = tmp.resolve("nope");
        Cli.Result r = Cli.run("bench", "compare", tmp.toString(), missing.toString(), "--project", tmp.toString()).noStackTrace();
        assertEquals(Exit.USAGE, r.exit(), r.err());
        assertTrue(r.err().contains("no results.csv in " + tmp), r.err());
        java.nio.file.Files.writeString(tmp.resolve("results.csv"), "");
        r = Cli.run("bench", "compare", tmp.toString(), missing.toString(), "--fail-below", "0.95").noStackTrace();
        assertEquals(Exit.USAGE, r.exit(), r.err());
        assertEquals("aether: bench compare: no such directory: " + missing + "\n", r.err());
    }

    @Test
    void compareNeedsTwoDirectories() {
        Cli.Result r = Cli.run("bench", "compare", tmp.toString());
        assertEquals(Exit.USAGE, r.exit(), r.err());
        assertTrue(r.err().contains("NEW_DIR"), r.err());
    }
}
