package org.aetherdb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.aetherdb.AetherDB;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointCommandTest {
    @TempDir
    Path tmp;

    @Test
    void printsTheSequenceTheCheckpointCovers() {
        Path db = tmp.resolve("db");
        Cli.seed(db, "a", "1");
        Cli.run("put", db.toString(), "b", "2").ok();
        long sequence;
        try (AetherDB adb = AetherDB.open(db)) {
            sequence = adb.stats().sequence();
        }
        String out = Cli.run("checkpoint", db.toString()).ok().out();
        assertTrue(out.matches("checkpointSequence: [0-9]+\\n"), out);
        assertEquals(sequence, Long.parseLong(out.strip().substring("checkpointSequence: ".length())));
    }

    @Test
    void missingDatabaseIsAnError() {
        assertEquals(Exit.DATABASE, Cli.run("checkpoint", tmp.resolve("nope").toString()).noStackTrace().exit());
    }
}
