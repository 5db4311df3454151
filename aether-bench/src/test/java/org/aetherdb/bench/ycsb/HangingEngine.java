package org.aetherdb.bench.ycsb;

import java.nio.file.Path;
import org.aetherdb.bench.engine.Settings;

/** Test-only engine whose {@code open} never returns: the YCSB child hangs until it is killed. */
public class HangingEngine extends MemEngine {
    @Override
    public void open(Path dir, Settings settings) throws Exception {
        Thread.sleep(Long.MAX_VALUE);
    }
}
