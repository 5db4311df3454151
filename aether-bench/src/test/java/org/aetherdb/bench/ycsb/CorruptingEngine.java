package org.aetherdb.bench.ycsb;

import java.util.concurrent.atomic.AtomicLong;

/** Test-only engine: {@link MemEngine} whose every 100th {@code get} returns the value with its last byte flipped. */
public class CorruptingEngine extends MemEngine {
    private final AtomicLong gets = new AtomicLong();

    @Override
    public String name() {
        return "corrupting";
    }

    @Override
    public byte[] get(byte[] key) {
        byte[] v = super.get(key);
        if (v != null && v.length > 0 && gets.incrementAndGet() % 100 == 0) {
            v[v.length - 1] ^= 1;
        }
        return v;
    }
}
