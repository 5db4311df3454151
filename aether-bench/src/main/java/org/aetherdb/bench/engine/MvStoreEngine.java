package org.aetherdb.bench.engine;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ByteArrayDataType;

/**
 * H2's MVStore (copy-on-write B-tree in append-only chunks), one {@code MVMap<byte[],byte[]>}
 * with {@link ByteArrayDataType} keys and values, auto-commit off so that every put is one
 * {@link MVStore#commit()} (one chunk written).
 *
 * <ul>
 *   <li>sync: {@code map.put; store.commit(); store.sync()} — the chunk is written, then the file is
 *       fsynced ({@code FileChannel.force(true)}); MVStore has no log, so a commit is a chunk.
 *   <li>nosync: {@code map.put; store.commit()} — the chunk is written to the OS, no fsync.
 *   <li>cache: {@code cacheSize} = budget (in MiB, MVStore's unit).
 *   <li>compression: off, which is also MVStore's default ({@code compress()} not called, the
 *       {@code compress} setting stays 0), so with {@link Settings#compression()} it stays off.
 * </ul>
 *
 * <p>Reads go to the map directly (MVStore reads are lock-free on an immutable root); values are
 * the map's own arrays, copied into a fresh byte[] as for every engine.
 */
public final class MvStoreEngine implements KvEngine {
    private MVStore store;
    private MVMap<byte[], byte[]> map;
    private Settings settings;

    @Override
    public String name() {
        return "mvstore";
    }

    @Override
    public void open(Path dir, Settings s) {
        settings = s;
        store = new MVStore.Builder()
                .fileName(dir.resolve("bench.mv.db").toString())
                .cacheSize((int) Math.max(1, s.cacheBytes() >> 20))
                .autoCommitDisabled()
                .open();
        map = store.openMap("bench", new MVMap.Builder<byte[], byte[]>()
                .keyType(ByteArrayDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE));
    }

    private void commit() {
        store.commit();
        if (settings.sync()) {
            store.sync();
        }
    }

    @Override
    public synchronized void put(byte[] key, byte[] value) {
        map.put(key, value);
        commit();
    }

    @Override
    public synchronized void putBatch(byte[][] keys, byte[][] values) {
        for (int i = 0; i < keys.length; i++) {
            map.put(keys[i], values[i]);
        }
        commit();
    }

    @Override
    public void settle() {
        store.commit();
        store.sync();
    }

    @Override
    public byte[] get(byte[] key) {
        byte[] v = map.get(key);
        return v == null ? null : v.clone();
    }

    @Override
    public ScanResult scan(byte[] startKey, int n, PairVisitor visitor) {
        int count = 0;
        long bytes = 0;
        Cursor<byte[], byte[]> c = map.cursor(startKey);
        while (count < n && c.hasNext()) {
            byte[] k = c.next().clone();
            byte[] v = c.getValue().clone();
            visitor.visit(k, v);
            bytes += k.length + v.length;
            count++;
        }
        return new ScanResult(count, bytes);
    }

    @Override
    public Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("durability", settings.sync() ? "commit() + sync() per put (chunk written, then fsync)"
                : "commit() per put (chunk written, no fsync)");
        m.put("cache_bytes", Long.toString((long) store.getCacheSize() << 20));
        m.put("page_size", "pageSplitSize default (16 KiB for file stores)");
        m.put("compression", settings.compression() ? "none (MVStore's default: off)" : "none");
        m.put("notes", "h2 2.5.252 MVStore; no log: a commit writes a chunk; autoCommitDisabled; ByteArrayDataType; "
                + "commit+sync after bulk loads; puts serialised by the adapter (one committer, as MVStore.commit is)");
        return m;
    }

    @Override
    public void close() {
        if (store != null) {
            store.close();
            store = null;
        }
    }
}
