package org.aetherdb.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.aetherdb.AetherDB;
import org.aetherdb.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PutCommandTest {
    @TempDir
    Path tmp;

    @Test
    void putCreatesTheDatabaseAndStoresTheValue() {
        Path db = tmp.resolve("new-db");
        Cli.Result r = Cli.run("put", db.toString(), "greeting", "hello world").ok();
        assertEquals("", r.out());
        try (AetherDB adb = AetherDB.open(db, Options.builder().createIfMissing(false).build())) {
            assertArrayEquals("hello world".getBytes(StandardCharsets.UTF_8), adb.get("greeting".getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void putWithHexStoresRawBytes() {
        Path db = tmp.resolve("db");
        Cli.run("put", "--hex", db.toString(), "00ff", "0a0b").ok();
        try (AetherDB adb = AetherDB.open(db)) {
            assertArrayEquals(new byte[] {10, 11}, adb.get(new byte[] {0, (byte) 0xff}));
        }
    }

    @Test
    void putReplacesAndAcceptsAnEmptyValue() {
        Path db = tmp.resolve("db");
        Cli.run("put", db.toString(), "k", "first").ok();
        Cli.run("put", "--durability", "async", db.toString(), "k", "").ok();
        assertEquals("\n", Cli.run("get", db.toString(), "k").ok().out());
    }

    @Test
    void noCreateRefusesToCreate() {
        Path db = tmp.resolve("missing");
        Cli.Result r = Cli.run("put", "--no-create", db.toString(), "k", "v").noStackTrace();
        assertEquals(Exit.DATABASE, r.exit());
        assertTrue(r.err().contains("no AetherDB database in"), r.err());
        assertFalse(Files.exists(db));
    }

    @Test
    void badArgumentsAreUsageErrors() {
        Path db = tmp.resolve("db");
        Cli.Result badHex = Cli.run("put", "--hex", db.toString(), "zz", "00").noStackTrace();
        assertEquals(Exit.USAGE, badHex.exit());
        assertTrue(badHex.err().contains("invalid hex 'zz'"), badHex.err());
        assertEquals(Exit.USAGE, Cli.run("put", db.toString(), "", "v").exit(), "empty key");
        assertEquals(Exit.USAGE, Cli.run("put", "--page-size", "1000", db.toString(), "k", "v").noStackTrace().exit());
        assertEquals(Exit.USAGE, Cli.run("put", "--durability", "sometimes", db.toString(), "k", "v").exit());
        assertEquals(Exit.USAGE, Cli.run("put", db.toString(), "k").exit(), "missing VALUE");
        assertFalse(Files.exists(db), "no database created by a rejected command");
    }

    @Test
    void overLongKeyIsABadArgumentWithTheLimitInTheMessage() {
        Path db = tmp.resolve("db");
        Cli.Result r = Cli.run("put", "--page-size", "4096", db.toString(), "k".repeat(4096 / 8 + 1), "v").noStackTrace();
        assertEquals(Exit.USAGE, r.exit(), r.err());
        assertTrue(r.err().contains("" + 4096 / 8), r.err());
    }

    @Test
    void pageSizeAppliesToANewDatabase() {
        Path db = tmp.resolve("db");
        Cli.run("put", "--page-size", "4096", db.toString(), "k", "v").ok();
        try (AetherDB adb = AetherDB.open(db)) {
            assertEquals(4096, adb.options().pageSize());
        }
    }
}
