package org.aetherdb.bench.ycsb;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.aetherdb.bench.engine.KvEngine;
import org.aetherdb.bench.engine.Settings;

/**
 * Test-only engine for YCSB's child JVMs ({@code kv.engine.class}): an honest sorted in-memory map,
 * written to {@code mem.kv} in the store's directory on close and read back on open, so the data
 * survives from one phase's JVM to the next.
 */
public class MemEngine implements KvEngine {
    private final ConcurrentSkipListMap<byte[], byte[]> map = new ConcurrentSkipListMap<>(Arrays::compareUnsigned);
    private Path file;

    @Override
    public String name() {
        return "mem";
    }

    @Override
    public void open(Path dir, Settings settings) throws Exception {
        file = dir.resolve("mem.kv");
        if (Files.exists(file)) {
            try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
                for (int n = in.readInt(); n > 0; n--) {
                    map.put(in.readNBytes(in.readInt()), in.readNBytes(in.readInt()));
                }
            }
        }
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
    public void settle() {}

    @Override
    public byte[] get(byte[] key) {
        byte[] v = map.get(key);
        return v == null ? null : v.clone();
    }

    @Override
    public ScanResult scan(byte[] startKey, int n, PairVisitor visitor) {
        int count = 0;
        long bytes = 0;
        for (Map.Entry<byte[], byte[]> e : map.tailMap(startKey, true).entrySet()) {
            if (count == n) {
                break;
            }
            byte[] v = get(e.getKey());
            visitor.visit(e.getKey().clone(), v);
            bytes += e.getKey().length + v.length;
            count++;
        }
        return new ScanResult(count, bytes);
    }

    @Override
    public Map<String, String> describe() {
        return Map.of("notes", "test-only in-memory engine");
    }

    @Override
    public void close() throws IOException {
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
            out.writeInt(map.size());
            for (Map.Entry<byte[], byte[]> e : map.entrySet()) {
                out.writeInt(e.getKey().length);
                out.write(e.getKey());
                out.writeInt(e.getValue().length);
                out.write(e.getValue());
            }
        }
    }
}
