package org.aetherdb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AetherCliTest {
    @TempDir
    Path tmp;

    @Test
    void helpListsEveryCommandAndTheExitCodes() {
        Cli.Result r = Cli.run("--help").ok();
        for (String command : new String[] {"put", "get", "delete", "scan", "load", "stats", "verify", "checkpoint", "dump", "shell"}) {
            assertTrue(r.out().contains("\n  " + command + " "), command + " missing from:\n" + r.out());
        }
        assertTrue(r.out().contains("Exit codes:"), r.out());
        assertTrue(Cli.run("scan", "--help").ok().out().contains("--reverse"));
    }

    @Test
    void versionNamesTheTool() {
        assertTrue(Cli.run("--version").ok().out().startsWith("aether "));
        assertTrue(Cli.run("get", "--version").ok().out().startsWith("aether "));
    }

    @Test
    void usageErrorsExitTwoWithUsageAndNoStackTrace() {
        String[][] bad = {{}, {"frobnicate"}, {"get"}, {"get", "db"}, {"scan", "db", "--bogus"}, {"put", "db", "k", "v", "extra"}};
        for (String[] args : bad) {
            Cli.Result r = Cli.run(args).noStackTrace();
            assertEquals(Exit.USAGE, r.exit(), String.join(" ", args));
            assertTrue(r.err().contains("Usage:") || r.err().contains("Did you mean"), r.err());
            assertEquals("", r.out());
        }
    }

    @Test
    void aFileInsteadOfADirectoryIsADatabaseError() throws IOException {
        Path file = Files.writeString(tmp.resolve("file.txt"), "x");
        Cli.Result r = Cli.run("get", file.toString(), "k").noStackTrace();
        assertEquals(Exit.DATABASE, r.exit());
        assertEquals("aether: no AetherDB database in " + file + " (not a directory)\n", r.err());
    }
}
