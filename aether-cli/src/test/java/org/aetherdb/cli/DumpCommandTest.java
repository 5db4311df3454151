package org.aetherdb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DumpCommandTest {
    @TempDir
    Path tmp;

    @Test
    void writesTheEngineDescriptionToStdout() {
        Path db = tmp.resolve("db");
        Cli.seed(db, "a", "1", "b", "2");
        Cli.Result r = Cli.run("dump", db.toString()).ok();
        assertFalse(r.out().isBlank(), "dump printed nothing");
        assertEquals("", r.err());
    }

    @Test
    void missingDatabaseIsAnError() {
        assertEquals(Exit.DATABASE, Cli.run("dump", tmp.resolve("nope").toString()).noStackTrace().exit());
    }
}
