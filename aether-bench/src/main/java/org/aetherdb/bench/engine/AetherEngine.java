package org.aetherdb.bench.engine;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.aetherdb.AetherDB;
import org.aetherdb.Cursor;
import org.aetherdb.Durability;
import org.aetherdb.Options;
import org.aetherdb.WriteBatch;

/**
 * AetherDB with default page size and checkpointing; durability ({@code SYNC} / {@code NONE}) and
 * {@code cacheSize} = the budget from {@link Settings}. No compression (AetherDB has none yet).
 *
 * <p>How the budget is spent: {@code cacheSize} bounds the page cache of clean, decoded leaf pages
 * (CLOCK eviction, a page weighed as its bytes + 48 B per entry + 64 B); branch pages stay resident
 * outside it. Dirty pages are held until the next checkpoint and bounded against the same number:
 * when the pages dirtied since the last checkpoint exceed {@code cacheSize/4} a background
 * checkpoint is requested, above {@code cacheSize/2} the committing writer runs one itself
 * ({@code Engine.applyBackpressure}; also on 1x / 2x {@code checkpointLogBytes} of log).
 *
 * <p>Equal memory: clean pages (up to {@code cacheSize}) plus dirty pages (up to {@code cacheSize/2})
 * must fit the budget every other engine gets, so {@code cacheSize} = 2/3 of the budget ({@link
 * #cacheSizeFor}), as RocksDB's memtables are charged to its one block cache.
 */
public final class AetherEngine implements KvEngine {
    static final String MEMORY = "cacheSize bounds clean decoded leaf pages (CLOCK; branches resident outside it);"
            + " dirty pages until the next checkpoint: background checkpoint above cacheSize/4 dirtied,"
            + " writer-run checkpoint above cacheSize/2; so cacheSize = 2/3 of the budget (clean + dirty <= budget)";

    private AetherDB db;
    private Options options;
    private Settings settings;

    @Override
    public String name() {
        return "aetherdb";
    }

    @Override
    public void open(Path dir, Settings s) {
        settings = s;
        options = Options.builder()
                .durability(s.sync() ? Durability.SYNC : Durability.NONE)
                .cacheSize(cacheSizeFor(s))
                .build();
        db = AetherDB.open(dir, options);
    }

    /** 2/3 of the budget (at least 1 MiB): clean pages up to it plus dirty pages up to half of it fill the budget. */
    static long cacheSizeFor(Settings s) {
        return Math.max(1L << 20, s.cacheBytes() / 3 * 2);
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
        db.compact(); // the log's mostly dead segments rewritten and released, as RocksDB's settle compacts
    }

    @Override
    public byte[] get(byte[] key) {
        return db.get(key);
    }

    @Override
    public ScanResult scan(byte[] startKey, int n, PairVisitor visitor) {
        int count = 0;
        long bytes = 0;
        try (Cursor c = db.newCursor()) {
            for (c.seek(startKey); c.isValid() && count < n; c.next()) {
                byte[] k = c.key();
                byte[] v = c.value();
                visitor.visit(k, v);
                bytes += k.length + v.length;
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
        m.put("compression", settings.compression() ? "none (AetherDB has no compression yet)" : "none");
        m.put("notes", MEMORY + "; checkpoint after bulk loads; checkpointInterval=" + options.checkpointInterval()
                + " checkpointLogBytes=" + options.checkpointLogBytes());
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
