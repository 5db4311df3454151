package org.aetherdb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.aetherdb.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatsCommandTest {
    @TempDir
    Path tmp;

    @Test
    void printsEveryCounterAsNameColonValue() {
        Path db = tmp.resolve("db");
        Cli.seed(db, "a", "1", "b", "2");
        String[] lines = Cli.run("stats", db.toString()).ok().lines();
        List<String> names = Arrays.stream(lines).map(l -> l.substring(0, l.indexOf(": "))).toList();
        assertEquals(List.of("sequence", "durableSequence", "checkpointSequence", "pageSize", "treeHeight",
                "dataFileBytes", "freeBytes", "walBytes", "cachedPages", "cacheBytes", "cacheHits", "cacheMisses",
                "commits", "logSyncs", "checkpoints", "openReaders", "logValueBytes", "valueSegments"), names);
        assertTrue(Arrays.asList(lines).contains("pageSize: " + Options.DEFAULT_PAGE_SIZE), String.join("\n", lines));
        long sequence = Long.parseLong(lines[0].substring("sequence: ".length()));
        assertTrue(sequence >= 1, "one commit was made: " + lines[0]);
    }

    @Test
    void jsonIsOneObject() {
        Path db = tmp.resolve("db");
        Cli.seed(db, "a", "1");
        String json = Cli.run("stats", "--json", db.toString()).ok().out().strip();
        assertTrue(json.matches("\\{(\"[a-zA-Z]+\": -?[0-9]+)(, \"[a-zA-Z]+\": -?[0-9]+)*}"), json);
        assertTrue(json.contains("\"pageSize\": " + Options.DEFAULT_PAGE_SIZE), json);
    }

    @Test
    void missingDatabaseIsAnError() {
        Cli.Result r = Cli.run("stats", tmp.resolve("nope").toString()).noStackTrace();
        assertEquals(Exit.DATABASE, r.exit());
    }
}
