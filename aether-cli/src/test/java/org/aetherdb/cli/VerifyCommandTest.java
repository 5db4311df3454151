package org.aetherdb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyCommandTest {
    @TempDir
    Path tmp;

    @Test
    void soundDatabaseExitsZeroAndPrintsTheReport() {
        Path db = tmp.resolve("db");
        String[] kv = new String[200];
        for (int i = 0; i < kv.length; i += 2) {
            kv[i] = "key" + i;
            kv[i + 1] = "value" + i;
        }
        Cli.seed(db, kv);
        Cli.Result r = Cli.run("verify", "--progress", db.toString()).ok();
        assertTrue(r.out().startsWith("OK: "), r.out());
        assertTrue(r.out().contains("pages") && r.out().contains("entries"), r.out());
    }

    @Test
    void missingDatabaseIsAnError() {
        Cli.Result r = Cli.run("verify", tmp.resolve("nope").toString()).noStackTrace();
        assertEquals(Exit.DATABASE, r.exit());
        assertTrue(r.err().contains("no AetherDB database in"), r.err());
    }
}
