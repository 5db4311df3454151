package org.aetherdb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.aetherdb.AetherDB;
import org.aetherdb.WriteBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GetCommandTest {
    @TempDir
    Path tmp;

    @Test
    void printsTheValueFollowedByANewline() {
        Path db = tmp.resolve("db");
        Cli.seed(db, "k", "caf\u00e9 au lait");
        Cli.Result r = Cli.run("get", db.toString(), "k").ok();
        assertEquals("caf\u00e9 au lait\n", r.out());
        assertEquals("", r.err());
    }

    @Test
    void absentKeyExitsOneWithAMessage() {
        Path db = tmp.resolve("db");
        Cli.seed(db, "k", "v");
        Cli.Result r = Cli.run("get", db.toString(), "other");
        assertEquals(Exit.NOT_FOUND, r.exit());
        assertEquals("", r.out());
        assertTrue(r.err().contains("not found: other"), r.err());
    }

    @Test
    void binaryValuesAreEscapedOrHex() {
        Path db = tmp.resolve("db");
        byte[] binary = {'a', '\n', (byte) 0xff};
        Cli.seed(db, new WriteBatch().put(new byte[] {'k', 0}, binary).put("bin".getBytes(java.nio.charset.StandardCharsets.UTF_8), binary));
        assertEquals("a\\x0a\\xff\n", Cli.run("get", db.toString(), "bin").ok().out());
        assertEquals("610aff\n", Cli.run("get", "--hex", db.toString(), "6b00").ok().out());
        assertEquals(Exit.NOT_FOUND, Cli.run("get", db.toString(), "k").exit(), "text 'k' is not the key k\\x00");
    }

    @Test
    void missingDatabaseIsADatabaseErrorAndCreatesNothing() {
        Path dir = tmp.resolve("typo");
        Cli.Result r = Cli.run("get", dir.toString(), "k").noStackTrace();
        assertEquals(Exit.DATABASE, r.exit());
        assertEquals("aether: no AetherDB database in " + dir + " (no such directory)\n", r.err());
        assertFalse(Files.exists(dir));
        Cli.Result empty = Cli.run("get", tmp.toString(), "k").noStackTrace();
        assertEquals(Exit.DATABASE, empty.exit());
        assertTrue(empty.err().contains("no AetherDB database in"), empty.err());
    }

    @Test
    void directoryOfOtherFilesIsADatabaseError() throws IOException {
        Path dir = tmp.resolve("photos");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("holiday.jpg"), "not a database");
        Cli.Result r = Cli.run("get", dir.toString(), "k").noStackTrace();
        assertEquals(Exit.DATABASE, r.exit(), r.err());
        assertTrue(r.err().startsWith("aether: ") && r.err().lines().count() == 1, r.err());
        assertEquals("not a database", Files.readString(dir.resolve("holiday.jpg")));
        assertEquals(Exit.DATABASE, Cli.run("get", dir.toString(), "k").exit(), "get created no database there");
    }

    @Test
    void lockedDatabaseIsADatabaseError() {
        Path db = tmp.resolve("db");
        Cli.seed(db, "k", "v");
        try (AetherDB open = AetherDB.open(db)) {
            Cli.Result r = Cli.run("get", db.toString(), "k").noStackTrace();
            assertEquals(Exit.DATABASE, r.exit(), r.err());
            assertTrue(r.err().startsWith("aether: ") && r.err().lines().count() == 1, r.err());
        }
    }

    @Test
    void invalidHexKeyIsAUsageError() {
        Path db = tmp.resolve("db");
        Cli.seed(db, "k", "v");
        Cli.Result r = Cli.run("get", "--hex", db.toString(), "abc").noStackTrace();
        assertEquals(Exit.USAGE, r.exit());
        assertTrue(r.err().contains("odd number of digits") && r.err().contains("Usage:"), r.err());
    }
}
