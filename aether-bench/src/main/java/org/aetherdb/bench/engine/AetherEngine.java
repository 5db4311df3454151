package org.aetherdb.bench.engine;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.aetherdb.AetherDB;
import org.aetherdb.Cursor;
import org.aetherdb.Durability;
import org.aetherdb.Options;
import org.aetherdb.WriteBatch;

/** AetherDB with default page size and checkpointing; durability and cache from {@link Settings}. */
public final class AetherEngine implements KvEngine {
    private AetherDB db;
    private Options options;

    @Override
    public String name() {
        return "aetherdb";
    }

    @Override
    public void open(Path dir, Settings s) {
        options = Options.builder()
                .durability(s.sync() ? Durability.SYNC : Durability.NONE)
                .cacheSize(s.cacheBytes())
                .build();
        db = AetherDB.open(dir, options);
    }

    @Override
    public void put(byte[] key, byte[] value) {
        db.put(key, value);
    }

    @Override
    public void putBatch(byte[][] keys, byte[][] values) {
        WriteBatch b = new WriteBatch();
        for (int i = 0; i < keys.length; i++) {
            b.put(keys[i], values[i]);
        }
        db.write(b);
    }

    @Override
    public void settle() {
        db.checkpoint();
    }

    @Override
    public byte[] get(byte[] key) {
        return db.get(key);
    }

    @Override
    public ScanResult scan(byte[] startKey, int n) {
        int count = 0;
        long bytes = 0;
        try (Cursor c = db.newCursor()) {
            for (c.seek(startKey); c.isValid() && count < n; c.next()) {
                bytes += c.key().length + c.value().length;
                count++;
            }
        }
        return new ScanResult(count, bytes);
    }

    @Override
    public Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("durability", options.durability().name());
        m.put("cache_bytes", Long.toString(options.cacheSize()));
        m.put("page_size", Integer.toString(options.pageSize()));
        m.put("compression", "none");
        m.put("notes", "checkpoint after bulk loads; checkpointInterval=" + options.checkpointInterval() + " checkpointLogBytes=" + options.checkpointLogBytes());
        return m;
    }

    @Override
    public void close() {
        if (db != null) {
            db.close();
            db = null;
        }
    }
}
