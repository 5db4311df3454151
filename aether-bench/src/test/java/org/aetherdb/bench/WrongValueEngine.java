package org.aetherdb.bench;

import java.nio.file.Path;
import java.util.Map;
import java.util.Map.Entry;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import org.aetherdb.bench.engine.KvEngine;
import org.aetherdb.bench.engine.Settings;

/**
 * A fast, wrong engine for tests: an in-memory sorted map (in one JVM, not persistent across
 * processes) that returns every 10th value read with one byte flipped. The benchmark must fail the
 * run naming it, never report its speed.
 */
public class WrongValueEngine implements KvEngine {
    private static final Map<Path, ConcurrentSkipListMap<byte[], byte[]>> STORES = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong reads = new AtomicLong();
    private ConcurrentSkipListMap<byte[], byte[]> map;

    @Override
    public String name() {
        return "wrongvalue";
    }

    @Override
    public void open(Path dir, Settings settings) {
        map = STORES.computeIfAbsent(dir.toAbsolutePath(), d -> new ConcurrentSkipListMap<>(java.util.Arrays::compareUnsigned));
    }

    @Override
    public void put(byte[] key, byte[] value) {
        map.put(key.clone(), value.clone());
    }

    @Override
    public void putBatch(byte[][] keys, byte[][] values) {
        for (int i = 0; i < keys.length; i++) {
            put(keys[i], values[i]);
        }
    }

    @Override
    public void settle() {
    }

    private byte[] deliver(byte[] v) {
        byte[] out = v.clone();
        if (reads.incrementAndGet() % 10 == 0) {
            out[out.length / 2] ^= 0x10;
        }
        return out;
    }

    @Override
    public byte[] get(byte[] key) {
        byte[] v = map.get(key);
        return v == null ? null : deliver(v);
    }

    @Override
    public ScanResult scan(byte[] startKey, int n, PairVisitor visitor) {
        int count = 0;
        long bytes = 0;
        for (Entry<byte[], byte[]> e : map.tailMap(startKey, true).entrySet()) {
            if (count == n) {
                break;
            }
            byte[] v = deliver(e.getValue());
            visitor.visit(e.getKey().clone(), v);
            bytes += e.getKey().length + v.length;
            count++;
        }
        return new ScanResult(count, bytes);
    }

    @Override
    public Map<String, String> describe() {
        return Map.of("durability", "none", "cache_bytes", "0", "page_size", "-", "compression", "none", "notes", "test engine");
    }

    @Override
    public void close() {
    }
}
