package org.aetherdb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Defect 5: limits are measured more than once and the best is kept, with its spread. */
class MachineLimitsTest {
    @Test
    void aSeriesKeepsEveryMeasurementAndReportsTheBest() {
        MachineLimits.Series s = new MachineLimits.Series();
        s.add(List.of(new MachineLimits.Sample("seq_write_nosync", "MB/s", 537), new MachineLimits.Sample("fsync_4k_preallocated", "fsyncs/s", 7000)));
        s.add(List.of(new MachineLimits.Sample("seq_write_nosync", "MB/s", 3900), new MachineLimits.Sample("fsync_4k_preallocated", "fsyncs/s", 7300)));
        s.add(List.of(new MachineLimits.Sample("seq_write_nosync", "MB/s", 2000)));
        MachineLimits.Limit w = s.limits().get(0);
        assertEquals(3, w.values().size());
        assertEquals(3900, w.best());
        assertEquals(537, w.min());
        assertEquals(2000, w.median());
        assertEquals(7300, s.best(MachineLimits.FSYNC_PREALLOCATED));
    }

    @Test
    void oneMeasurementGivesEveryLimit(@TempDir Path dir) throws Exception {
        List<MachineLimits.Sample> samples = MachineLimits.measure(dir, Scale.of("tiny"));
        List<String> names = samples.stream().map(MachineLimits.Sample::metric).toList();
        for (String m : List.of("seq_write_nosync", "seq_write_fsync", "seq_read_page_cache", MachineLimits.FSYNC_PREALLOCATED,
                MachineLimits.FSYNC_APPEND, "memory_copy")) {
            assertEquals(true, names.contains(m), m + " in " + names);
        }
    }
}
