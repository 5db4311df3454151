package org.aetherdb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Defect 2: an engine that returns a wrong value fails its group, named, in every read workload. */
class WrongValueTest {
    private static final String ENGINE = "class:" + WrongValueEngine.class.getName();

    private static BenchChild child(Path dir) {
        return new BenchChild(ENGINE, "nosync", Scale.of("tiny"), dir, 0);
    }

    @Test
    void randomReadsCatchIt(@TempDir Path dir) {
        Values.WrongValueException e = assertThrows(Values.WrongValueException.class, () -> child(dir).run("randread"));
        assertTrue(e.getMessage().startsWith(ENGINE + ": random read returned a wrong value"), e.getMessage());
    }

    @Test
    void lookupsAndScansCatchIt(@TempDir Path dir) {
        assertThrows(Values.WrongValueException.class, () -> child(dir.resolve("a")).run("lookup"));
        assertThrows(Values.WrongValueException.class, () -> child(dir.resolve("b")).run("scan"));
    }

    @Test
    void sequentialReadsAndMixedWorkCatchIt(@TempDir Path dir) {
        assertThrows(Values.WrongValueException.class, () -> child(dir.resolve("a")).run("seqread"));
        assertThrows(Values.WrongValueException.class, () -> child(dir.resolve("b")).run("mixed"));
    }

    @Test
    void theParentRecordsTheFailedGroupWithTheEnginesName(@TempDir Path dir) throws Exception {
        BenchMain.Options o = BenchMain.parse(new String[] {"--scale", "tiny", "--out", dir.toString()});
        BenchMain.Run run = new BenchMain.Run(o, new String[0]);
        Map<String, BenchMain.Row> rows = new LinkedHashMap<>();
        boolean ok = run.child(ENGINE, "randread", "nosync", 0, dir.resolve("db"), rows, List.of());
        assertFalse(ok);
        assertTrue(rows.isEmpty(), "no figure from a wrong engine: " + rows.keySet());
        assertEquals(1, run.failures.size());
        assertTrue(run.failures.get(0).startsWith(ENGINE + " randread nosync (exit 1)"), run.failures.get(0));
    }
}
