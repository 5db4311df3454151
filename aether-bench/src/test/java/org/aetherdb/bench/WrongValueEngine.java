package org.aetherdb.bench;

import java.util.concurrent.atomic.AtomicLong;
import org.aetherdb.bench.ycsb.MemEngine;

/**
 * A fast, wrong engine for tests: the honest in-memory {@link MemEngine}, except that every 10th
 * value read (by get or scan) comes back with one byte flipped. The benchmark must fail the run
 * naming it, never report its speed.
 */
public class WrongValueEngine extends MemEngine {
    private final AtomicLong reads = new AtomicLong();

    @Override
    public String name() {
        return "wrongvalue";
    }

    @Override
    public byte[] get(byte[] key) {
        byte[] v = super.get(key);
        if (v != null && reads.incrementAndGet() % 10 == 0) {
            v[v.length / 2] ^= 0x10;
        }
        return v;
    }
}
