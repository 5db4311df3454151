package org.aetherdb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
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
    void damagedDatabaseExitsThreeAndListsTheProblems() throws IOException {
        Path db = tmp.resolve("db");
        Cli.seed(db, "a", "1", "b", "2");
        // Without knowing the file format: overwrite the second half of every file but the lock.
        try (Stream<Path> files = Files.list(db)) {
            for (Path f : files.filter(f -> !f.getFileName().toString().equals("LOCK")).toList()) {
                byte[] bytes = Files.readAllBytes(f);
                Arrays.fill(bytes, bytes.length / 2, bytes.length, (byte) 0x5a);
                Files.write(f, bytes);
            }
        }
        Cli.Result r = Cli.run("verify", db.toString()).noStackTrace();
        assertEquals(Exit.VERIFY_FAILED, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("problem(s)"), r.out());
    }

    @Test
    void missingDatabaseIsAnError() {
        Cli.Result r = Cli.run("verify", tmp.resolve("nope").toString()).noStackTrace();
        assertEquals(Exit.DATABASE, r.exit());
        assertTrue(r.err().contains("no AetherDB database in"), r.err());
    }
}
