package org.aetherdb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class FsyncCountTest {
    @Test
    void countsSyncCallsOfEveryThreadBetweenTheMarkersOnce() {
        List<String> log = List.of(
                "100 fdatasync(5) = 0",
                "100 mkdir(\"/proc/aether-bench-marker-begin-4k\", 0777) = -1 ENOENT (No such file or directory)",
                "101 fdatasync(7 <unfinished ...>",
                "100 fsync(5) = 0",
                "101 <... fdatasync resumed>) = 0",
                "102 msync(0x7f0000000000, 4096, MS_SYNC) = 0",
                "102 sync_file_range(9, 0, 4096, SYNC_FILE_RANGE_WRITE) = 0",
                "100 mkdir(\"/proc/aether-bench-marker-end-4k\", 0777) = -1 ENOENT (No such file or directory)",
                "100 fsync(5) = 0");
        assertEquals(4, FsyncCount.between(log, "begin-4k", "end-4k"));
    }

    @Test
    void aLogWithoutMarkersIsAnError() {
        assertThrows(IllegalStateException.class, () -> FsyncCount.between(List.of("1 fsync(3) = 0"), "begin-1m", "end-1m"));
    }
}
