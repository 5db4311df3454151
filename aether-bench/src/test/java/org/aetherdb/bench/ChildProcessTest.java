package org.aetherdb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Defect 6: a child that hangs (stdout open, never exiting) is killed at its timeout, with what it started. */
class ChildProcessTest {
    @Test
    void aHangingChildAndItsDescendantsAreKilledAtTheTimeout() throws Exception {
        List<String> lines = new ArrayList<>();
        long t0 = System.nanoTime();
        ChildProcess.Outcome out = ChildProcess.run(List.of("sh", "-c", "echo started; sleep 300 & echo $!; sleep 300"), 2,
                lines::add);
        double s = (System.nanoTime() - t0) / 1e9;
        assertTrue(out.timedOut(), "timed out");
        assertFalse(out.ok());
        assertTrue(s < 30, "returned within the timeout plus the kill: " + s + " s");
        assertEquals("started", lines.get(0));
        long grandchild = Long.parseLong(lines.get(1).trim());
        Thread.sleep(200);
        assertFalse(ProcessHandle.of(grandchild).map(ProcessHandle::isAlive).orElse(false), "the child's own child is gone too");
        assertTrue(out.describe(2).contains("timeout after 2 s"), out.describe(2));
    }

    @Test
    void aChildThatEndsReportsItsExitCodeAndLines() throws Exception {
        List<String> lines = new ArrayList<>();
        ChildProcess.Outcome out = ChildProcess.run(List.of("sh", "-c", "echo a; echo b; exit 3"), 30, lines::add);
        assertFalse(out.timedOut());
        assertEquals(3, out.exitCode());
        assertEquals(List.of("a", "b"), lines);
    }
}
