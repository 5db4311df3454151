package org.aetherdb.bench.ycsb;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.Vector;
import org.aetherdb.bench.engine.Engines;
import org.aetherdb.bench.engine.KvEngine;
import org.aetherdb.bench.engine.Settings;
import site.ycsb.ByteIterator;
import site.ycsb.DB;
import site.ycsb.DBException;
import site.ycsb.Status;

/**
 * A YCSB binding for every engine of the benchmark, through its {@link KvEngine} adapter, so YCSB
 * runs each store exactly as the article's table does (same durability, cache budget, no
 * compression). Properties: {@code kv.engine} (aetherdb, rocksdb, lmdb, ...), {@code kv.dir},
 * {@code kv.sync} (true: fsync per commit), {@code kv.cache} (bytes), {@code kv.lmdbmapsize}.
 *
 * <p>YCSB creates one {@code DB} per client thread; they share one open store per JVM (reference
 * counted: the last {@link #cleanup()} closes it). Keys are {@code table:key} in UTF-8; a record is
 * one value ({@link YcsbRecord}). {@code update} is read-modify-write of the record, one commit.
 * {@code scan} visits (and the adapter copies) {@code recordcount} pairs from the start key; it
 * returns that many empty field maps rather than decoding them — the same for every engine.
 */
public final class KvYcsbDB extends DB {
    private static final Object LOCK = new Object();
    private static KvEngine shared;
    private static int users;

    private KvEngine engine;

    @Override
    public void init() throws DBException {
        Properties p = getProperties();
        synchronized (LOCK) {
            if (shared == null) {
                try {
                    String name = p.getProperty("kv.engine", "aetherdb");
                    Path dir = Path.of(required(p, "kv.dir"));
                    Files.createDirectories(dir);
                    Settings s = new Settings(Boolean.parseBoolean(p.getProperty("kv.sync", "true")),
                            Long.parseLong(p.getProperty("kv.cache", String.valueOf(256L << 20))),
                            Long.parseLong(p.getProperty("kv.lmdbmapsize", String.valueOf(64L << 30))));
                    KvEngine e = Engines.create(name);
                    e.open(dir, s);
                    shared = e;
                    System.err.println("ycsb: " + name + " " + e.describe());
                } catch (Exception e) {
                    throw new DBException("cannot open the store: " + e, e);
                }
            }
            users++;
            engine = shared;
        }
    }

    @Override
    public void cleanup() throws DBException {
        synchronized (LOCK) {
            if (--users == 0 && shared != null) {
                try {
                    shared.close();
                } catch (Exception e) {
                    throw new DBException("close failed: " + e, e);
                } finally {
                    shared = null;
                }
            }
        }
    }

    private static String required(Properties p, String name) throws DBException {
        String v = p.getProperty(name);
        if (v == null) {
            throw new DBException("missing property " + name);
        }
        return v;
    }

    private static byte[] key(String table, String key) {
        return (table + ":" + key).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Status read(String table, String key, Set<String> fields, Map<String, ByteIterator> result) {
        byte[] v = engine.get(key(table, key));
        if (v == null) {
            return Status.NOT_FOUND;
        }
        result.putAll(YcsbRecord.decode(v, fields));
        return Status.OK;
    }

    @Override
    public Status scan(String table, String startkey, int recordcount, Set<String> fields,
                       Vector<HashMap<String, ByteIterator>> result) {
        KvEngine.ScanResult r = engine.scan(key(table, startkey), recordcount);
        for (int i = 0; i < r.count(); i++) {
            result.add(new HashMap<>());
        }
        return Status.OK;
    }

    @Override
    public Status update(String table, String key, Map<String, ByteIterator> values) {
        byte[] k = key(table, key);
        byte[] old = engine.get(k);
        if (old == null) {
            return Status.NOT_FOUND;
        }
        Map<String, ByteIterator> merged = YcsbRecord.decode(old, null);
        merged.putAll(values);
        engine.put(k, YcsbRecord.encode(merged));
        return Status.OK;
    }

    @Override
    public Status insert(String table, String key, Map<String, ByteIterator> values) {
        engine.put(key(table, key), YcsbRecord.encode(values));
        return Status.OK;
    }

    @Override
    public Status delete(String table, String key) {
        return Status.NOT_IMPLEMENTED; // no core workload A-F deletes
    }
}
