package org.aetherdb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeleteCommandTest {
    @TempDir
    Path tmp;

    @Test
    void putGetDeleteRoundTrip() {
        String db = tmp.resolve("db").toString();
        Cli.run("put", db, "k", "v").ok();
        assertEquals("v\n", Cli.run("get", db, "k").ok().out());
        Cli.run("delete", db, "k").ok();
        assertEquals(Exit.NOT_FOUND, Cli.run("get", db, "k").exit());
    }

    @Test
    void deletingAnAbsentKeyIsNotAnError() {
        Path db = tmp.resolve("db");
        Cli.seed(db, "a", "1");
        Cli.run("delete", db.toString(), "zzz").ok();
        Cli.run("delete", "--hex", db.toString(), "61").ok();
        assertEquals(Exit.NOT_FOUND, Cli.run("get", db.toString(), "a").exit());
    }

    @Test
    void deleteNeverCreatesADatabase() {
        Path db = tmp.resolve("missing");
        assertEquals(Exit.DATABASE, Cli.run("delete", db.toString(), "k").noStackTrace().exit());
        assertEquals(false, Files.exists(db));
    }
}
